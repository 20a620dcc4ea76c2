"""Fixtures of the integration tests (see localsite.py)."""

import pytest
from localsite import Local, make_local


@pytest.fixture
def local(tmp_path) -> Local:
    return make_local(tmp_path)
