"""Benchmark: time and peak memory to read and classify a 40-page PDF, a 20 MB photo and a scanned letter.

Run from the project root (OCR needs Debian's tesseract-ocr-fra and poppler-utils: `bash scripts/test.sh`
installs them):
    .venv/bin/python bench/bench_extract.py
"""

from __future__ import annotations

import os
import platform
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import documents as d  # noqa: E402

from intake.adapters.rulefiles import load_rules  # noqa: E402
from intake.core.message import Attachment  # noqa: E402
from intake.reading import read_files  # noqa: E402
from intake.core.classify import classify_attachment  # noqa: E402


def big_photo(target: int = 20_000_000) -> bytes:
    """A noisy JPEG of about `target` bytes (noise does not compress)."""
    from PIL import Image

    side = 3000
    while True:
        image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
        import io

        out = io.BytesIO()
        image.save(out, format="JPEG", quality=95)
        if out.tell() >= target or side > 8000:
            return out.getvalue()
        side = int(side * (target / out.tell()) ** 0.5) + 50


def measure(label: str, name: str, content: bytes, rules) -> None:
    att = Attachment(filename=name, content=content, declared_type="", inline=False)
    tracemalloc.start()
    started = time.perf_counter()
    contents = read_files([att])
    verdict = classify_attachment(att, rules, contents[att.sha256])
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    extracted = contents[att.sha256]
    print(f"{label}: {len(content) / 1e6:.1f} MB, {elapsed:.2f} s, peak Python memory {peak / 1e6:.1f} MB, "
          f"read by {extracted.method}, {verdict.outcome} {verdict.kind or ''} ({verdict.evidence[:70]})")


def main() -> None:
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}")
    print(f"command: {' '.join([Path(sys.executable).name] + sys.argv)}")
    rules = load_rules(ROOT / "rules")
    measure("40-page text PDF", "document.pdf", d.pdf_text(d.DOSSIER_LINES * 4, pages=40), rules)
    measure("20 MB photo", "IMG_0001.jpg", big_photo(), rules)
    measure("scanned letter (1 page)", "scan_0001.pdf", d.scan_pdf(d.LETTER_LINES), rules)
    print(f"process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
          "(tesseract and pdftoppm run as child processes, not counted)")


if __name__ == "__main__":
    main()
