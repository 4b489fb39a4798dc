"""Which pg_dump a backup uses, and that the password never reaches a command line."""

import subprocess
from pathlib import Path

import pytest

from capaian.warehouse import backup
from capaian.warehouse.embedded import postgres_bin_dir


def test_a_pg_dump_older_than_the_server_is_passed_over(monkeypatch):
    tools = backup.candidate_tools("pg_dump")
    assert tools, "pgserver ships a pg_dump"
    newest = max(t.major for t in tools)
    chosen = backup._tools_for("pg_dump", newest)[0]
    assert chosen.major >= newest
    with pytest.raises(backup.BackupError, match=f"PostgreSQL {newest + 1} or newer"):
        backup._tools_for("pg_dump", newest + 1)


def test_the_embedded_warehouse_s_own_tools_are_found_without_any_on_path(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    tools = backup.candidate_tools("pg_restore")
    assert [Path(t.path).parent for t in tools] == [postgres_bin_dir()]


def test_the_password_travels_in_the_environment_only(monkeypatch, tmp_path):
    calls = []
    real_run = subprocess.run

    def run(args, **kwargs):
        if "--version" in args:
            return real_run(args, **kwargs)
        calls.append((args, kwargs.get("env") or {}))
        Path(args[args.index("--file") + 1]).write_bytes(b"PGDMP")
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(backup, "server_major_version", lambda url: 1)
    monkeypatch.setattr(backup.subprocess, "run", run)
    url = "postgresql://capaian:pa%24%24word@db.example:5433/capaian?sslmode=require"
    backup.backup(url, tmp_path / "w.dump")

    args, env = calls[-1]
    assert not any("pa$$word" in a or "pa%24%24word" in a for a in args)
    assert "postgresql://capaian@db.example:5433/capaian?sslmode=require" in args
    assert env["PGPASSWORD"] == "pa$$word"
    assert (tmp_path / "w.dump").read_bytes() == b"PGDMP"
