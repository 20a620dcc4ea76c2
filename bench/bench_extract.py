"""Benchmark: time and peak memory to read and classify a 40-page PDF, a 20 MB photo and a scanned letter.

Run from the project root (OCR needs Debian's tesseract-ocr-fra and poppler-utils: `bash scripts/test.sh`
installs them):
    .venv/bin/python bench/bench_extract.py

For each file: its real type (sniff), what extract() read and how, the rules' verdict; the wall time of
sniff + extract and of the classification (libraries already imported); the peak of Python allocations
(tracemalloc, measured on a second run since tracing slows Python down); and the peak RSS of the OCR
tools run so far (tesseract and pdftoppm are child processes: the process's own peak RSS, printed at
the end, does not count them).
"""

from __future__ import annotations

import io
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

from intake.adapters.ocr import ocr_available  # noqa: E402
from intake.adapters.rulefiles import load_rules  # noqa: E402
from intake.core.classify import classify_attachment  # noqa: E402
from intake.core.message import Attachment  # noqa: E402
from intake.core.sniff import detect_type  # noqa: E402
from intake.pipeline.read import read_files  # noqa: E402


def big_photo(target: int = 20_000_000) -> bytes:
    """A noisy JPEG of about `target` bytes (noise does not compress)."""
    from PIL import Image

    side = 3000
    while True:
        image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=95)
        if out.tell() >= target or side > 8000:
            return out.getvalue()
        side = int(side * (target / out.tell()) ** 0.5) + 50


def measure(label: str, name: str, content: bytes, rules) -> None:
    att = Attachment(filename=name, content=content, declared_type="", inline=False)
    started = time.perf_counter()
    kind = detect_type(content)
    extracted = read_files([att])[att.sha256]
    read_at = time.perf_counter()
    verdict = classify_attachment(att, rules, extracted)
    done_at = time.perf_counter()
    tracemalloc.start()
    classify_attachment(att, rules, read_files([att])[att.sha256])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{label} ({len(content) / 1e6:.1f} MB {kind}): read {read_at - started:.2f} s by {extracted.method} "
          f"({len(extracted.text)} characters{', ' + extracted.error if extracted.error else ''}), "
          f"classified {1000 * (done_at - read_at):.0f} ms: {verdict.outcome} {verdict.kind or ''}; "
          f"peak Python memory {peak / 1e6:.1f} MB, OCR tools' peak RSS so far {children:.0f} MB")


def main() -> None:
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} CPU, {platform.platform()}, "
          f"Python {platform.python_version()}; OCR available: {ocr_available()}")
    print(f"command: {' '.join([Path(sys.executable).name] + sys.argv)}")
    rules = load_rules(ROOT / "rules")
    for warm_up in (d.pdf_text(["x"]), d.docx(["x"])):  # import the readers before timing
        read_files([Attachment(filename="x", content=warm_up, declared_type="", inline=False)])
    measure("40-page text PDF", "document.pdf", d.pdf_text(d.DOSSIER_LINES * 4, pages=40), rules)
    measure("20 MB photo", "IMG_0001.jpg", big_photo(), rules)
    measure("scanned letter (1 page)", "scan_0001.pdf", d.scan_pdf(d.LETTER_LINES), rules)
    measure("scanned letter (2 pages)", "scan_0002.pdf", d.scan_pdf(d.LETTER_LINES, pages=2), rules)
    measure("photo of a letter", "IMG_0042.jpg", d.photo_of_page(d.LETTER_LINES), rules)
    print(f"process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
          "(the generated 20 MB photo included)")


if __name__ == "__main__":
    main()
