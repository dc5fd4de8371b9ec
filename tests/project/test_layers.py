"""The four apps import one way (docs/architecture.md): `make lint` runs import-linter's
contract, and an import upward breaks it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import ROOT

pytestmark = pytest.mark.server  # runs lint-imports

APPS = ["champions", "guide", "accounts", "directory"]


def lint_imports(folder):
    return subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=folder,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"},
    )


def test_the_apps_keep_the_contract_and_an_upward_import_breaks_it(tmp_path):
    for app in APPS:
        shutil.copytree(ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    kept = lint_imports(tmp_path)
    assert kept.returncode == 0, kept.stdout + kept.stderr
    assert "1 kept, 0 broken" in kept.stdout

    matching = tmp_path / "directory" / "matching.py"
    # Inside a function, where a cycle would be hidden from Python itself.
    matching.write_text(matching.read_text() + "\n\ndef f():\n    from champions import adoption\n")
    broken = lint_imports(tmp_path)
    assert broken.returncode != 0
    assert "BROKEN" in broken.stdout and "directory.matching -> champions.adoption" in broken.stdout
