"""The quick poll finds the template checks' source by path; the templates' fingerprint holds that path, so it
must be the very path app.py fingerprints (rules_check.__file__), whatever symlink the package is reached by."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import intake


def test_the_quick_poll_names_the_checks_as_app_does_through_a_symlink(tmp_path):
    link = tmp_path / "site"
    link.symlink_to(Path(intake.__file__).parents[1], target_is_directory=True)
    code = ("import sys; from pathlib import Path; from unittest import mock; "
            "import intake.commands.rules_check as c, intake.pipeline.quickpoll as q; "
            "seen = []; "
            "fake = type('T', (), {'__init__': lambda self, d: None, "
            "'fingerprint': lambda self, p: seen.append(p) or ''}); "
            "mock.patch('intake.adapters.templates.Templates', fake).start(); "
            "q._templates_unchanged(type('S', (), {'data_dir': '.', 'templates_dir': '.'})()); "
            "print(seen[0] == Path(c.__file__), seen[0], c.__file__)")
    (tmp_path / "templates.checked").write_text("x", encoding="ascii")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(link)}, cwd=tmp_path).stdout
    assert out.startswith("True"), out
