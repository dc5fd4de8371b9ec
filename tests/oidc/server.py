"""A real OpenID Connect provider (node-oidc-provider, see provider.mjs) on loopback for tests.

with run_provider("client-id", "secret", ["http://127.0.0.1:8000/cb/"]) as issuer:
    ...  # issuer is "http://127.0.0.1:<port>"; sign in with any login and any password
"""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
START_TIMEOUT = 15  # seconds


def node_available():
    """Whether `node` (and so the provider) can run on this machine."""
    return shutil.which("node") is not None


def _install():
    """`npm ci` from the committed package-lock.json, once (node_modules/ is git-ignored)."""
    if (HERE / "node_modules" / "oidc-provider").is_dir():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed to install the test OIDC provider (tests/oidc)")
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True, capture_output=True, text=True
    )


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _discovery_ok(issuer):
    try:
        url = f"{issuer}/.well-known/openid-configuration"
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@contextlib.contextmanager
def run_provider(client_id, client_secret, redirect_uris):
    """Start the provider with one client; yield its issuer URL; stop it on exit."""
    _install()
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "PORT": str(port),
        "OIDC_CLIENT_ID": client_id,
        "OIDC_CLIENT_SECRET": client_secret,
        "OIDC_REDIRECT_URIS": ",".join(redirect_uris),
    }
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            [shutil.which("node") or "node", "provider.mjs"],
            cwd=HERE,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while not _discovery_ok(issuer):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(
                        f"OIDC provider did not start (exit code {process.poll()}):\n{log.read()}"
                    )
                time.sleep(0.1)
            yield issuer
        finally:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
