"""scim2-tester (RFC 7643/7644 conformance) against the real server: gunicorn as
`make serve` runs it, in production settings, with a token from create_scim_token."""

import collections

import pytest

from tests.servers import deploy, gunicorn, manage, production_env

pytestmark = pytest.mark.server


def test_scim2_tester_passes_every_check_against_gunicorn(tmp_path):
    from httpx2 import Client
    from scim2_client.engines.httpx2 import SyncSCIMClient
    from scim2_tester import Status, check_server

    env = production_env(f"sqlite:///{tmp_path}/db.sqlite3")
    deploy(env)
    secret = manage(env, "create_scim_token", "scim2-tester").stdout.strip()
    with gunicorn(env) as base:
        # A worker imports the app at its first request (about 2 s here).
        headers = {"Authorization": f"Bearer {secret}"}
        http = Client(base_url=f"{base}/scim/v2", headers=headers, timeout=30)
        results = check_server(SyncSCIMClient(http))
        log = base.log()
    summary = collections.Counter(result.status.name for result in results)
    print(f"scim2-tester: {dict(summary)} of {len(results)} checks")
    problems = [
        f"{r.status.name} {r.resource_type or '-'} {r.title}: {r.reason}"
        for r in results
        if r.status is not Status.SUCCESS
    ]
    print("\n".join(problems))
    assert problems == []
    assert len(results) >= 65  # discovery, CRUD and PATCH of every published attribute
    assert "Internal Server Error" not in log and "Traceback" not in log
