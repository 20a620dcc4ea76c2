"""A picture the browser cannot show (an iPhone's HEIC, AVIF, TIFF, BMP), given to staff as a JPEG to look at.

Chromium and Firefox show JPEG, PNG, GIF and WebP; a HEIC photo, the most common format of an iPhone's
pictures, they can only download, and Windows opens it only with a paid codec. The console therefore shows
such a piece converted: upright (its EXIF orientation; a HEIC's own `irot`/`imir` boxes, applied by libheif),
at most PREVIEW_SIDE pixels, in JPEG (a transparent background white, as a browser
shows it). The file kept is unchanged, and the converted copy is never stored.
Decoded by Pillow (HEIC through pillow-heif) with the same bounds as when the file was read at intake
(adapters/ocr.py `_pillow`), in a reading process (adapters/readers.py `ReaderPool.preview`).
"""

from __future__ import annotations

import io

# Types Chromium cannot show, that Pillow decodes (core/sniff.py names): shown converted (a PSD is a working
# file, never shown: downloaded, as any other file)
PREVIEW_TYPES = ("heic", "avif", "tif", "bmp")
PREVIEW_SIDE = 2048  # pixels: the long side of the JPEG, enough for a screen, small enough to come at once
PREVIEW_QUALITY = 85


def jpeg_preview(content: bytes, side: int = PREVIEW_SIDE) -> bytes:
    """`content` (a picture) as a JPEG at most `side` pixels wide and high, upright. Raises what Pillow raises
    on a file it cannot decode (DecompressionBombError past the pixel bound, OSError, ValueError...)."""
    from PIL import ImageOps

    from intake.adapters.ocr import _pillow, on_white

    Image = _pillow()
    with Image.open(io.BytesIO(content)) as image:
        if image.format == "JPEG":  # never a HEIC's draft: pillow-heif's gives its embedded thumbnail, which can
            image.draft("RGB", (side, side))  # show another picture than the file's own pixels
        upright = ImageOps.exif_transpose(image)
        rgb = on_white(upright).convert("RGB")  # a transparent background shown white, not black
    rgb.thumbnail((side, side))
    out = io.BytesIO()
    rgb.save(out, format="JPEG", quality=PREVIEW_QUALITY, optimize=True)
    return out.getvalue()
