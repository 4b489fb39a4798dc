"""`capaian ui &` as a script starts it: in the background of a non-interactive shell (where
SIGINT arrives ignored). SIGTERM, SIGINT or SIGHUP to it stops every component it started: no
process of it remains and its port is closed. While it is up, the README's REST example
triggers capaian_nightly as written."""

import contextlib
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import psutil
import pytest

from capaian.warehouse.scratch import scratch_database

from process_family import processes_marked

pytestmark = pytest.mark.e2e

README = Path(__file__).resolve().parents[3] / "README.md"
MARKER = "CAPAIAN_TEST_UI_RUN"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def get(url: str, token: str | None = None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as r:
        return json.loads(r.read())


def wait_until(check, timeout, what, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(2)
    pytest.fail(f"timed out waiting for {what}; the UI's output ends:\n{log.read_text()[-3000:]}")


def processes_of(run: str) -> list[psutil.Process]:
    """Every live process started for this run: they all inherit its marker variable."""
    return processes_marked(MARKER, run)


def readme_rest_example() -> str:
    """The README's shell block that triggers a run through the REST API."""
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    rest = [b for b in blocks if "/auth/token" in b and "/dagRuns" in b]
    assert len(rest) == 1, "the README shows one REST API trigger (token, then the run)"
    return rest[0]


@pytest.fixture(scope="module")
def ui_database(server_url):
    # One warehouse (and Airflow metadata database) for every start: migrated once.
    with scratch_database(server_url, prefix="capaian_test_ui") as url:
        yield url


@pytest.mark.parametrize(
    "stop_signal", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=lambda s: s.name
)
def test_a_signal_stops_every_component(stop_signal, ui_database, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("ui")
    port = free_port()
    run = uuid.uuid4().hex
    env = {
        **os.environ,
        "CAPAIAN_WAREHOUSE_URL": ui_database,
        # .capaian under the working directory, as in a checkout: the README's paths hold.
        "CAPAIAN_HOME": str(workdir / ".capaian"),
        MARKER: run,
    }
    log = workdir / "ui.log"
    command = shlex.join([sys.executable, "-m", "capaian.cli", "ui", "--port", str(port)])
    started = subprocess.run(
        ["sh", "-c", f"{command} > {shlex.quote(str(log))} 2>&1 & echo $!"],
        env=env,
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=30,
        start_new_session=True,
    )
    ui_pid = int(started.stdout)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(
            lambda: get(base + "/api/v2/monitor/health")["scheduler"]["status"] == "healthy",
            300,
            "the API server and scheduler",
            log,
        )
        if stop_signal == signal.SIGTERM:
            # Once is enough: every start is slow.
            the_readme_rest_example_triggers_a_run(base, workdir, env, log)
        assert len(processes_of(run)) > 3, "expected the wrapper and Airflow's components"

        os.kill(ui_pid, stop_signal)

        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and (processes_of(run) or port_open(port)):
            time.sleep(1)
        survivors = processes_of(run)
        assert survivors == [], [p.cmdline() for p in survivors]
        assert not port_open(port), "the API server still listens"
        output = log.read_text()
        assert f"{stop_signal.name}: stopping Airflow" in output
        assert "Airflow stopped" in output
    finally:
        for process in processes_of(run):
            with contextlib.suppress(psutil.Error):
                process.kill()


def the_readme_rest_example_triggers_a_run(base, workdir, env, log):
    password_file = workdir / ".capaian/airflow/simple_auth_manager_passwords.json.generated"
    wait_until(password_file.exists, 60, "the admin password file", log)
    example = readme_rest_example()
    assert "http://127.0.0.1:8080" in example
    example = example.replace("http://127.0.0.1:8080", base)

    # The DAG processor must have registered the DAG before a run of it can be made.
    token = wait_until(lambda: _token(base, password_file), 60, "a token", log)
    wait_until(
        lambda: get(base + "/api/v2/dags/capaian_nightly", token)["dag_id"],
        180,
        "the DAG processor to register capaian_nightly",
        log,
    )
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", example],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    dag_run = json.loads(result.stdout)
    assert dag_run["dag_id"] == "capaian_nightly"
    assert dag_run["conf"] == {"full_refresh": True}
    created = get(
        f"{base}/api/v2/dags/capaian_nightly/dagRuns/"
        + urllib.request.quote(dag_run["dag_run_id"], safe=""),
        token,
    )
    assert created["run_type"] == "manual"


def _token(base, password_file) -> str:
    password = json.loads(password_file.read_text())["admin"]
    request = urllib.request.Request(
        base + "/auth/token",
        method="POST",
        data=json.dumps({"username": "admin", "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["access_token"]
