"""Fixtures of the integration tests (see localsite.py)."""

import pytest
from localsite import Local, make_local


@pytest.fixture
def local(tmp_path, database) -> Local:
    """A local installation on SQLite, or on PostgreSQL for tests marked both_databases."""
    return make_local(tmp_path, database)
