"""The embedded warehouse: created on first use, kept between runs, recovers from a crash."""

import os
import signal
import socket
import subprocess
import sys

import psycopg
import pytest

from capaian.warehouse.embedded import EmbeddedServer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    server = EmbeddedServer(data_dir=tmp_path / "home" / "pgdata", port=free_port())
    yield server
    server.stop()


def test_data_survives_a_restart_and_a_crash(server, capsys):
    status = server.start()
    assert status.running and status.port == server.port
    with psycopg.connect(server.url(), autocommit=True) as conn:
        conn.execute("create table kept (x int)")
        conn.execute("insert into kept values (42)")

    # A crash: the postmaster dies without cleaning up its pid file.
    os.kill(status.pid, signal.SIGKILL)
    for _ in range(100):
        if not server.status().running:
            break
        subprocess.run(["sleep", "0.05"])
    assert (server.data_dir / "postmaster.pid").exists()
    assert not server.status().running

    assert server.start().running
    assert "removed a stale" in capsys.readouterr().out
    with psycopg.connect(server.url()) as conn:
        assert conn.execute("select x from kept").fetchone() == (42,)

    assert server.stop() is True
    assert server.stop() is False
    assert "stopped" in server.status().describe()


def test_the_server_outlives_the_command_that_started_it(tmp_path):
    home = tmp_path / "home"
    env = {**os.environ, "CAPAIAN_HOME": str(home), "CAPAIAN_EMBEDDED_PORT": str(free_port())}
    env.pop("CAPAIAN_WAREHOUSE_URL", None)
    cli = [sys.executable, "-m", "capaian.cli"]
    try:
        started = subprocess.run(
            [*cli, "warehouse", "start"], env=env, capture_output=True, text=True, timeout=120
        )
        assert started.returncode == 0, started.stderr
        url = subprocess.run(
            [*cli, "warehouse", "url", "--show-password"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout.strip()
        with psycopg.connect(url) as conn:
            schemas = {
                r[0] for r in conn.execute("select schema_name from information_schema.schemata")
            }
        assert {"raw", "staging", "audit", "marts"} <= schemas
        status = subprocess.run(
            [*cli, "warehouse", "status"], env=env, capture_output=True, text=True, timeout=60
        )
        assert "running" in status.stdout
    finally:
        subprocess.run([*cli, "warehouse", "stop"], env=env, capture_output=True, timeout=120)
