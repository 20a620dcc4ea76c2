"""constraints.txt: every package the project asks for is pinned there, and the tests run on the pinned versions
(scripts/setup-venv.sh installs .venv with `-c constraints.txt`, as the README's install does)."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not pinned with =="
            pins[canonicalize_name(name)] = version.strip()
    return pins


def test_every_requirement_of_pyproject_is_pinned_at_a_version_it_allows():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [Requirement(r) for r in project["dependencies"]]
    wanted += [Requirement(r) for extra in project["optional-dependencies"].values() for r in extra]
    pins = _pins()
    missing = [str(r) for r in wanted if canonicalize_name(r.name) not in pins]
    assert not missing, f"add them to constraints.txt (bash scripts/lock.sh): {missing}"
    refused = [f"{r} (pinned {pins[canonicalize_name(r.name)]})" for r in wanted
               if not r.specifier.contains(pins[canonicalize_name(r.name)], prereleases=True)]
    assert not refused, f"constraints.txt pins versions pyproject.toml refuses: {refused}"


def test_the_tests_run_on_the_pinned_versions():
    differ = {}
    for name, version in _pins().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "absent"
        if installed != version:
            differ[name] = (version, installed)
    assert not differ, f"pinned vs installed (bash scripts/test.sh reinstalls .venv): {differ}"


def test_the_build_backend_is_pinned_too():
    """`pip install -c constraints.txt .` builds intake in an environment of its own, where the constraints do not
    apply: it downloaded the newest setuptools and ran it, as root in the README's step 3. Pinned in pyproject.toml,
    a new (broken or compromised) release of it is not run until a checkout of intake brings it."""
    wanted = [Requirement(r) for r in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
              ["build-system"]["requires"]]
    loose = [str(r) for r in wanted if [s.operator for s in r.specifier] != ["=="]]
    assert not loose, f"pin the build backend exactly in pyproject.toml [build-system] requires: {loose}"
