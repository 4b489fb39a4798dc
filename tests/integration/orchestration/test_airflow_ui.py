"""`make airflow` as a user would: Airflow's components start, the UI's page starts in Jakarta
time, the REST API lists the DAGs, capaian_nightly triggered through the API succeeds under
the real scheduler, and Ctrl-C stops everything."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import psutil
import pytest

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, path, token=None, method="GET", body=None):
    request = urllib.request.Request(
        base + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={
            "Content-Type": "application/json",
            **({"Authorization": f"Bearer {token}"} if token else {}),
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def wait_until(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except OSError:
            pass
        time.sleep(2)
    pytest.fail(f"timed out waiting for {what}")


def test_ui_serves_the_dags_and_runs_the_nightly(throwaway_db, tmp_path):
    port = free_port()
    home = tmp_path / "home"
    env = {**os.environ, "CAPAIAN_WAREHOUSE_URL": throwaway_db, "CAPAIAN_HOME": str(home)}
    log = (tmp_path / "ui.log").open("w")
    ui = subprocess.Popen(
        [sys.executable, "-m", "capaian.cli", "ui", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(
            lambda: call(base, "/api/v2/monitor/health")["scheduler"]["status"] == "healthy",
            240,
            "the API server and scheduler",
        )
        # The UI's page carries the line that starts it in Jakarta time (the plugin's
        # middleware; test_ui_time_zone_in_browser.py runs that line in a browser).
        with urllib.request.urlopen(base + "/", timeout=30) as response:
            page = response.read().decode()
        head = page.split("</head>")[0]
        assert head.index('localStorage.setItem("timezone"') < head.index('type="module"'), head
        assert '\\"Asia/Jakarta\\"' in head, head
        passwords = home / "airflow" / "simple_auth_manager_passwords.json.generated"
        wait_until(passwords.exists, 60, "the admin password file")
        password = json.loads(passwords.read_text())["admin"]
        token = call(
            base, "/auth/token", method="POST", body={"username": "admin", "password": password}
        )["access_token"]

        dag_ids = wait_until(
            lambda: (
                {d["dag_id"] for d in call(base, "/api/v2/dags", token)["dags"]}
                >= {"capaian_nightly"}
                and {d["dag_id"] for d in call(base, "/api/v2/dags", token)["dags"]}
            ),
            120,
            "the DAG processor to register the DAGs",
        )
        assert "capaian_nightly" in dag_ids

        call(base, "/api/v2/dags/capaian_nightly", token, method="PATCH", body={"is_paused": False})
        run = call(
            base,
            "/api/v2/dags/capaian_nightly/dagRuns",
            token,
            method="POST",
            body={"logical_date": None},
        )
        run_path = f"/api/v2/dags/capaian_nightly/dagRuns/{urllib.request.quote(run['dag_run_id'])}"
        state = wait_until(
            lambda: (
                call(base, run_path, token)["state"] in ("success", "failed")
                and call(base, run_path, token)["state"]
            ),
            900,
            "capaian_nightly to finish",
        )
        assert state == "success", (tmp_path / "ui.log").read_text()[-5000:]
    finally:
        family = psutil.Process(ui.pid).children(recursive=True)
        os.killpg(ui.pid, signal.SIGINT)
        try:
            ui.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(ui.pid, signal.SIGKILL)
            pytest.fail("Airflow did not stop within a minute of Ctrl-C")
        log.close()
    assert "Airflow stopped" in (tmp_path / "ui.log").read_text()
    assert ui.returncode == 0
    survivors = [p for p in family if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert survivors == [], [p.cmdline() for p in survivors]
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "the API server still listens"
