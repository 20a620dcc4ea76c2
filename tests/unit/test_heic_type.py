"""A HEIF picture coded in HEVC is `heic` by its bytes (its `ftyp` box's brands), whatever its name or declared
type: an iPhone's (`heic`), a camera's 10-bit one (`heix`), a generic `mif1` file naming HEVC among its brands."""

from __future__ import annotations

import io

import pytest

from intake.core.sniff import detect_type


@pytest.fixture(scope="module")
def heic() -> bytes:
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(out, format="HEIF")
    return out.getvalue()


def with_ftyp(content: bytes, major: bytes, compatible: tuple[bytes, ...]) -> bytes:
    """`content` with its first box, `ftyp`, replaced: a major brand, a minor version, compatible brands."""
    size = int.from_bytes(content[:4], "big")
    body = b"ftyp" + major + bytes(4) + b"".join(compatible)
    return (len(body) + 4).to_bytes(4, "big") + body + content[size:]


HEVC = "heic"
BRANDS = [  # (major brand, compatible brands, whether the HEVC configuration box stays): type
    ((b"heic", (b"mif1", b"heic", b"miaf"), True), HEVC),  # an iPhone's (`filetype` knew only this one)
    ((b"heix", (b"mif1", b"heix", b"miaf"), True), HEVC),  # 10-bit or 4:2:2 HEVC (cameras: Canon, Sony)
    ((b"mif1", (b"mif1", b"heix"), True), HEVC),
    ((b"mif1", (b"mif1", b"miaf", b"MiHE"), True), HEVC),  # MIAF's HEVC profile
    ((b"mif1", (b"mif1", b"miaf"), True), HEVC),  # no codec named, an HEVC decoder configuration inside
    ((b"msf1", (b"msf1", b"hevc"), True), HEVC),  # a burst or a sequence of HEVC pictures
    ((b"hevc", (b"msf1", b"hevc", b"iso8"), True), HEVC),
    ((b"heim", (b"mif1", b"heim"), True), HEVC),
    ((b"avif", (b"mif1", b"avif", b"miaf"), True), "avif"),  # other ISO base media files keep their type
    ((b"mif1", (b"mif1", b"avif"), True), "avif"),
    ((b"isom", (b"isom", b"iso2", b"mp41"), True), "mp4"),
    ((b"qt  ", (b"qt  ",), True), "mov"),
    ((b"mif1", (b"mif1", b"miaf"), False), "unknown"),  # no codec named nor seen: not a picture intake reads
]


def test_a_heif_picture_coded_in_hevc_is_heic_by_its_brands_and_other_iso_files_keep_their_type(heic):
    found = [(brands, detect_type(with_ftyp(heic if brands[2] else heic.replace(b"hvcC", b"free"), *brands[:2])))
             for brands, _ in BRANDS]
    assert found == BRANDS
