"""``capaian warehouse backup|restore FILE``: the warehouse database, by PostgreSQL's own tools.

A backup is ``pg_dump --format=custom`` of the warehouse database (every schema: raw files,
staging, the audit trail, the marts and dbt's schemas); a restore is ``pg_restore --clean
--if-exists`` into it, in one transaction, so a restore that fails leaves the warehouse as it
was. Airflow's metadata database is not part of it: it holds run history, not data.

The tools: ``pg_dump``/``pg_restore`` on PATH when their major version is at least the
server's (an older pg_dump refuses a newer server), else the ones shipped inside the pgserver
package with the embedded warehouse. The password travels in ``PGPASSWORD``, never on a
command line (where ``ps`` shows it) and never in what is printed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from capaian.warehouse.connection import SECRET_PARAMETERS, build_url, connect, url_parameters
from capaian.warehouse.embedded import EmbeddedServerError, postgres_bin_dir


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class Tool:
    path: str
    major: int
    version: str


def server_major_version(url: str) -> int:
    with connect(url) as conn:
        return int(conn.execute("show server_version_num").fetchone()[0]) // 10000


def candidate_tools(name: str) -> list[Tool]:
    """``name`` on PATH, then pgserver's, each with its version (unusable ones left out)."""
    paths = []
    on_path = shutil.which(name)
    if on_path:
        paths.append(on_path)
    try:
        bundled = postgres_bin_dir() / name
    except EmbeddedServerError:
        bundled = None
    if bundled is not None and bundled.exists():
        paths.append(str(bundled))
    tools = []
    for path in paths:
        try:
            out = subprocess.run(
                [path, "--version"], capture_output=True, text=True, timeout=30, check=False
            ).stdout
        except OSError:
            continue
        found = re.search(r"\)\s+(\d+)(\.\d+)*", out)
        if found:
            tools.append(Tool(path, int(found.group(1)), found.group(0)[1:].strip()))
    return tools


def _tools_for(name: str, server_major: int) -> list[Tool]:
    tools = candidate_tools(name)
    usable = [t for t in tools if t.major >= server_major]
    if not usable:
        seen = ", ".join(f"{t.path} ({t.version})" for t in tools) or "none"
        raise BackupError(
            f"no {name} of PostgreSQL {server_major} or newer (the server's version) was found;"
            f" found: {seen}. Install the PostgreSQL {server_major} client tools, or run "
            "`make setup` for the ones shipped with the embedded warehouse"
        )
    return usable


def _connection(url: str) -> tuple[str, dict[str, str]]:
    """The URL without its secrets (for the command line) and the environment carrying them."""
    params = url_parameters(url)
    env = dict(os.environ)
    if "password" in params:
        env["PGPASSWORD"] = params["password"]
    public = {key: value for key, value in params.items() if key not in SECRET_PARAMETERS}
    return build_url(public), env


def _failure(tool: str, result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in (result.stderr or "").strip().splitlines() if line.strip()]
    return f"{Path(tool).name} failed: " + ("; ".join(lines[-5:]) or f"exit {result.returncode}")


def backup(url: str, file: Path) -> Tool:
    """Write the warehouse database to ``file`` (custom format); returns the pg_dump used."""
    tool = _tools_for("pg_dump", server_major_version(url))[0]
    if file.is_dir():
        raise BackupError(f"{file} is a folder; give the backup's file name")
    if not file.parent.exists():
        raise BackupError(f"the folder {file.parent} does not exist")
    target, env = _connection(url)
    # Written beside the target and renamed: an interrupted backup never replaces a good one.
    partial = file.with_name(f".{file.name}.partial")
    result = subprocess.run(
        [tool.path, "--format=custom", "--file", str(partial), "--dbname", target],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(_failure(tool.path, result))
    partial.replace(file)
    return tool


def restore(url: str, file: Path) -> Tool:
    """Make the schemas in ``file`` what they were when it was made; returns the pg_restore used.

    Each schema the backup holds is dropped with everything in it (tables added since the
    backup too, or they would block it) and restored, all in one transaction. Schemas the
    backup does not hold are left alone."""
    if not file.is_file():
        raise BackupError(f"no backup file {file}")
    # pg_restore writes the script, psql from the same installation runs it: both one version.
    tools = [
        t
        for t in _tools_for("pg_restore", server_major_version(url))
        if Path(t.path).with_name("psql").exists()
    ]
    # The archive must be readable before anything in the warehouse is dropped.
    reader, listing, complaint = None, "", "no pg_restore with a psql beside it"
    for tool in tools:
        listed = subprocess.run(
            [tool.path, "--list", str(file)], capture_output=True, text=True, check=False
        )
        if listed.returncode == 0:
            reader, listing = tool, listed.stdout
            break
        complaint = _failure(tool.path, listed)
    if reader is None:
        raise BackupError(
            f"{file} is not a backup pg_restore can read (one made by `capaian warehouse "
            f"backup`, pg_dump's custom format): {complaint}"
        )
    schemas = re.findall(r"^\d+; \d+ \d+ SCHEMA - (\S+) ", listing, re.M)
    drops = "".join(
        f"drop schema if exists {_quote_identifier(name)} cascade;"
        for name in schemas
        if name != "public"
    )
    target, env = _connection(url)
    # The whole script first: psql commits what it was given, so a script cut short by a
    # failing pg_restore must never reach it.
    with tempfile.TemporaryDirectory(prefix="capaian-restore-") as scratch:
        script = Path(scratch) / "restore.sql"
        written = subprocess.run(
            [
                reader.path,
                "--clean",
                "--if-exists",
                "--no-owner",
                # Grants are the BI role's business: it is repaired after the restore, and a
                # server without that role can still take the backup.
                "--no-acl",
                "--file",
                str(script),
                str(file),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if written.returncode != 0:
            raise BackupError(_failure(reader.path, written) + " (nothing was changed)")
        psql = Path(reader.path).with_name("psql")
        result = subprocess.run(
            [
                str(psql),
                "--no-psqlrc",
                "--quiet",
                "--single-transaction",
                "--set",
                "ON_ERROR_STOP=1",
                "--dbname",
                target,
                *(["--command", drops] if drops else []),
                "--file",
                str(script),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        raise BackupError(
            _failure(str(psql), result) + " (nothing was changed: the restore is one transaction)"
        )
    return reader


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
