"""Shared helpers: the repository's fixtures and the CLI binary the contract is checked against.

SKILLGAP_BIN names the binary (scripts/python-check.sh builds it); without it the tests look for
target/debug or target/release of the repository and skip the CLI comparisons when neither is
there.
"""

import json
import os
import subprocess
from pathlib import Path
from typing import Any, List, Optional, Sequence

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


def _find_cli() -> Optional[Path]:
    env = os.environ.get("SKILLGAP_BIN")
    if env:
        return Path(env)
    for profile in ("debug", "release"):
        p = ROOT / "target" / profile / "skillgap"
        if p.is_file():
            return p
    return None


class Cli:
    def __init__(self, exe: Path) -> None:
        self.exe = exe

    def run(self, args: Sequence[str], cwd: Optional[Path] = None, stdin: Optional[bytes] = None):
        return subprocess.run(
            [str(self.exe), *args],
            cwd=str(cwd) if cwd else None,
            input=stdin,
            capture_output=True,
            env={**os.environ, "NO_COLOR": "1"},
        )

    def json(self, args: Sequence[str], cwd: Optional[Path] = None) -> Any:
        done = self.run(args, cwd)
        assert done.returncode == 0, done.stderr.decode()
        return json.loads(done.stdout)

    def error(self, args: Sequence[str], cwd: Optional[Path] = None) -> str:
        """The one-line message the CLI prints for a failing command, without its prefix."""
        done = self.run(args, cwd)
        assert done.returncode == 2, (done.returncode, done.stdout[:200])
        lines = done.stderr.decode().strip().splitlines()
        assert len(lines) == 1, lines
        prefix = "skillgap: error: "
        assert lines[0].startswith(prefix), lines[0]
        return lines[0][len(prefix):]


@pytest.fixture(scope="session")
def cli() -> Cli:
    exe = _find_cli()
    if exe is None or not exe.is_file():
        pytest.skip("no skillgap binary: set SKILLGAP_BIN or run `cargo build`")
    return Cli(exe)


def canonical(value: Any) -> str:
    """The comparison the contract promises: equal after json.dumps with sorted keys."""
    return json.dumps(value, sort_keys=True)


def documents() -> List[Path]:
    """Every fixture document: the resumes and the same resume in every format (readable or
    not: a PDF without text must fail the same way in both)."""
    found = sorted((FIXTURES / "resumes").glob("*.txt"))
    found += sorted(
        p
        for p in (FIXTURES / "formats").iterdir()
        if p.suffix in (".txt", ".md", ".pdf", ".docx", ".html", ".json")
    )
    assert len(found) >= 10, found
    return found
