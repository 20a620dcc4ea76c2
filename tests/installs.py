"""What the two test installations share: tests/integration/localsite.py `Local` (folders, CliRunner) and
tests/e2e/conftest.py `Intake` (real servers) read cases through the CLI's JSON the same way."""

from __future__ import annotations

import json


class JsonCommands:
    """`cases()` and `case(REF)` on top of the installation's own `cli(*args) -> (exit code, output)`."""

    def cli(self, *args: str) -> tuple[int, str]:
        raise NotImplementedError

    def cases(self) -> list[dict]:
        """`intake cases --json`, as a list."""
        code, out = self.cli("cases", "--json")
        assert code == 0, out
        return json.loads(out)

    def case(self, reference: str) -> dict:
        """`intake case REF --json`."""
        code, out = self.cli("case", reference, "--json")
        assert code == 0, out
        return json.loads(out)
