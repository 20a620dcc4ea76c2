"""Moved to intake/store/deletion.py. This name stays only for intake/ingest.py until the pipeline moves
beside the store (issue 12)."""

from intake.store.deletion import release_content  # noqa: F401
