"""Bad settings and broken environments get one clear line, never a traceback."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CAPAIAN = [sys.executable, "-m", "capaian.cli"]


def run_capaian(*args, **env):
    full_env = {**os.environ, **env}
    for key, value in env.items():
        if value is None:
            full_env.pop(key, None)
    return subprocess.run(
        [*CAPAIAN, *args], env=full_env, capture_output=True, text=True, timeout=120
    )


def assert_one_clear_line(result, *phrases):
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1, message
    for phrase in phrases:
        assert phrase in message


def test_unreachable_warehouse_url():
    result = run_capaian(
        "warehouse", "migrate", CAPAIAN_WAREHOUSE_URL="postgresql://postgres:pw@127.0.0.1:1/nothing"
    )
    assert_one_clear_line(
        result,
        "cannot reach the warehouse at postgresql://postgres:***@",
        "unset CAPAIAN_WAREHOUSE_URL",
    )
    assert ":pw@" not in result.stderr


def test_not_a_postgres_url():
    result = run_capaian("warehouse", "url", CAPAIAN_WAREHOUSE_URL="mysql://root@localhost/db")
    assert_one_clear_line(result, "must be a postgresql:// URL")


def test_embedded_port_taken(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_capaian(
            "warehouse",
            "start",
            CAPAIAN_WAREHOUSE_URL=None,
            CAPAIAN_HOME=str(tmp_path / "home"),
            CAPAIAN_EMBEDDED_PORT=str(port),
        )
    assert_one_clear_line(result, f"port {port} on 127.0.0.1 is taken", "CAPAIAN_EMBEDDED_PORT")


def test_embedded_port_not_a_number(tmp_path):
    result = run_capaian(
        "warehouse",
        "status",
        CAPAIAN_WAREHOUSE_URL=None,
        CAPAIAN_HOME=str(tmp_path),
        CAPAIAN_EMBEDDED_PORT="fifty",
    )
    assert_one_clear_line(result, "CAPAIAN_EMBEDDED_PORT='fifty' is not a port number")


def test_start_and_stop_refused_when_an_external_server_is_configured():
    result = run_capaian(
        "warehouse", "stop", CAPAIAN_WAREHOUSE_URL="postgresql://postgres@127.0.0.1:5432/x"
    )
    assert_one_clear_line(result, "CAPAIAN_WAREHOUSE_URL is set")


@pytest.mark.parametrize("version", ["3.10", "3.12"])
def test_wrong_python_version_is_one_line(tmp_path, version):
    fake = tmp_path / "python"
    fake.write_text(f"#!/bin/sh\necho {version}\n")
    fake.chmod(0o755)
    result = subprocess.run(
        [str(REPO_ROOT / "scripts" / "check_python.sh"), str(fake)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"error: Capaian needs Python 3.11, but {fake} is {version}: install python3.11 or run "
        "make PYTHON=/path/to/python3.11"
    )


def test_missing_python_is_one_line():
    result = subprocess.run(
        [str(REPO_ROOT / "scripts" / "check_python.sh"), "python3.11-nowhere"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Python 3.11 not found" in result.stderr
