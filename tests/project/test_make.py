"""The Makefile's two commands take the address to listen on from HOST and PORT."""

import os
import subprocess

import pytest

from tests.servers import ROOT

pytestmark = pytest.mark.server  # runs make


def dry_run(target, **environ):
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", target],
        cwd=ROOT,
        env={**os.environ, **environ},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_make_run_listens_on_port_8000_unless_told_otherwise():
    assert "runserver 127.0.0.1:8000" in dry_run("run")
    assert "runserver 127.0.0.1:8310" in dry_run("run", PORT="8310")
    assert "runserver 0.0.0.0:8311" in dry_run("run", HOST="0.0.0.0", PORT="8311")


def test_make_run_and_serve_start_the_worker_beside_the_server():
    for target in ("run", "serve"):
        assert "manage.py worker &" in dry_run(target), target


def test_make_serve_binds_gunicorn_to_host_and_port():
    assert "--bind 127.0.0.1:8312" in dry_run("serve", PORT="8312")
