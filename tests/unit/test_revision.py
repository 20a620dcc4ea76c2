"""The schema check reads the newest revision from the migration files, without Alembic: the same as Alembic's."""

from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

from intake.store.revision import head_revision


def test_the_head_read_from_the_files_is_alembics_head():
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).resolve().parents[2] / "intake" / "store" / "migrations"))
    assert head_revision() == ScriptDirectory.from_config(cfg).get_current_head()
