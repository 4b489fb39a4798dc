"""The embedded PostgreSQL: a real server from the pgserver package, kept under ``.capaian/``.

pgserver ships PostgreSQL's binaries in a pip package. Its own Python wrapper listens on a Unix
socket only and stops the server when the last Python process using it exits; Capaian needs a
server that outlives one command (Airflow runs tasks in other processes) and listens on TCP
(GX and Cosmos refuse socket-only URLs). So this module drives the bundled ``initdb`` and
``pg_ctl`` itself: TCP on 127.0.0.1 only, no Unix socket, a generated password kept beside
the data, and the server left running until ``capaian warehouse stop``.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from capaian import settings

SUPERUSER = "postgres"
WAREHOUSE_DB = "capaian"
# PostgreSQL refuses to run as root; pgserver's convention is a system user of this name.
ROOT_RUNS_AS = "pgserver"


class EmbeddedServerError(RuntimeError):
    """The embedded server cannot be started or reached; the message says what to do."""


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    port: int | None
    data_dir: Path

    def describe(self) -> str:
        if self.running:
            return f"running (pid {self.pid}) on 127.0.0.1:{self.port}, data in {self.data_dir}"
        if (self.data_dir / "PG_VERSION").exists():
            return f"stopped, data in {self.data_dir}"
        return f"not created yet (it will be in {self.data_dir})"


def postgres_bin_dir() -> Path:
    """The PostgreSQL binaries inside the pgserver package (found without importing it:
    its import sets up machinery Capaian does not use)."""
    spec = importlib.util.find_spec("pgserver")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedServerError(
            "the pgserver package is missing: run `make setup` to install the locked packages"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def _bin(name: str) -> str:
    return str(postgres_bin_dir() / name)


class EmbeddedServer:
    """One PostgreSQL data directory and the server process that serves it."""

    def __init__(self, data_dir: Path | None = None, port: int | None = None) -> None:
        self.data_dir = data_dir or settings.embedded_data_dir()
        self.port = port or settings.embedded_port()
        self.log_file = self.data_dir.parent / "pgdata.log"
        self.password_file = self.data_dir.parent / "pgdata.password"

    # ---------------------------------------------------------------- state
    def status(self) -> ServerStatus:
        pid_file = self.data_dir / "postmaster.pid"
        if not pid_file.exists():
            return ServerStatus(False, None, None, self.data_dir)
        lines = pid_file.read_text().splitlines()
        pid = int(lines[0]) if lines and lines[0].strip().isdigit() else None
        port = int(lines[3]) if len(lines) > 3 and lines[3].strip().isdigit() else None
        running = pid is not None and _process_alive(pid)
        return ServerStatus(
            running, pid if running else None, port if running else None, self.data_dir
        )

    def url(self, database: str = WAREHOUSE_DB) -> str:
        password = quote(self._password(), safe="")
        return f"postgresql://{SUPERUSER}:{password}@127.0.0.1:{self.port}/{database}"

    # ---------------------------------------------------------------- actions
    def start(self) -> ServerStatus:
        """Start the server if it is not running (creating its data on first use)."""
        status = self.status()
        if status.running:
            if status.port != self.port:
                raise EmbeddedServerError(
                    f"the embedded warehouse is already running on port {status.port}, not "
                    f"{self.port}: run `capaian warehouse stop` first, or set "
                    f"{settings.EMBEDDED_PORT_VAR}={status.port}"
                )
            return status
        if not (self.data_dir / "PG_VERSION").exists():
            self._initdb()
        if self._remove_stale_pid_file():
            # The crashed server's socket can take a moment to be released by the kernel.
            self._wait_for_port_free(seconds=5.0)
        self._check_port_free()
        cmd = [
            _bin("pg_ctl"),
            "-D",
            str(self.data_dir),
            "-l",
            str(self.log_file),
            "-w",
            "-t",
            "60",
            "-o",
            f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories=''",
            "start",
        ]
        result = self._run_as_owner(cmd)
        if result.returncode != 0:
            raise EmbeddedServerError(
                f"the embedded PostgreSQL did not start (pg_ctl said: "
                f"{_last_line(result.stderr or result.stdout)}); its log is {self.log_file}"
            )
        self._ensure_database(WAREHOUSE_DB)
        return self.status()

    def stop(self) -> bool:
        """Stop the server; returns False when it was not running."""
        if not self.status().running:
            return False
        cmd = [_bin("pg_ctl"), "-D", str(self.data_dir), "-w", "-t", "60", "-m", "fast", "stop"]
        result = self._run_as_owner(cmd)
        if result.returncode != 0:
            raise EmbeddedServerError(
                f"the embedded PostgreSQL did not stop: {_last_line(result.stderr)}"
            )
        return True

    def ensure_database(self, name: str) -> None:
        self._ensure_database(name)

    # ---------------------------------------------------------------- helpers
    def _password(self) -> str:
        if not self.password_file.exists():
            raise EmbeddedServerError(
                f"the embedded warehouse has not been created yet ({self.password_file} is "
                "missing): run `capaian warehouse start`"
            )
        return self.password_file.read_text().strip()

    def _initdb(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        password = secrets.token_urlsafe(24)
        self.password_file.write_text(password + "\n")
        self.password_file.chmod(0o600)
        pwfile = self.data_dir.parent / ".initdb-password"
        pwfile.write_text(password + "\n")
        try:
            self._hand_to_owner(pwfile)
            cmd = [
                _bin("initdb"),
                "-D",
                str(self.data_dir),
                "-U",
                SUPERUSER,
                "--encoding=UTF8",
                "--locale=C",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                f"--pwfile={pwfile}",
            ]
            result = self._run_as_owner(cmd)
        finally:
            pwfile.unlink(missing_ok=True)
        if result.returncode != 0:
            raise EmbeddedServerError(
                f"could not create the embedded warehouse in {self.data_dir}: "
                f"{_last_line(result.stderr)}"
            )

    def _remove_stale_pid_file(self) -> bool:
        pid_file = self.data_dir / "postmaster.pid"
        if pid_file.exists() and not self.status().running:
            # Left by a server that crashed or was killed: PostgreSQL would refuse to start
            # if the old pid now belongs to another process, so clear it ourselves.
            pid_file.unlink()
            print(f"note: removed a stale {pid_file} left by an earlier crash")
            return True
        return False

    def _port_is_free(self) -> bool:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", self.port))
            except OSError:
                return False
            return True

    def _wait_for_port_free(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self._port_is_free() and time.monotonic() < deadline:
            time.sleep(0.1)

    def _check_port_free(self) -> None:
        if not self._port_is_free():
            raise EmbeddedServerError(
                f"port {self.port} on 127.0.0.1 is taken by another program: set "
                f"{settings.EMBEDDED_PORT_VAR} to a free port (e.g. "
                f"{settings.EMBEDDED_PORT_VAR}={self.port + 1})"
            )

    def _ensure_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            exists = conn.execute(
                "select 1 from pg_database where datname = %s", (name,)
            ).fetchone()
            if not exists:
                conn.execute(f'create database "{name}"')

    def _is_root(self) -> bool:
        return hasattr(os, "geteuid") and os.geteuid() == 0

    def _hand_to_owner(self, path: Path) -> None:
        """As root, the server runs as ``pgserver``: let that user own and reach our files."""
        if not self._is_root():
            return
        import pwd

        try:
            entry = pwd.getpwnam(ROOT_RUNS_AS)
        except KeyError:
            subprocess.run(
                ["useradd", "--system", "--no-create-home", ROOT_RUNS_AS],
                check=True,
                capture_output=True,
            )
            entry = pwd.getpwnam(ROOT_RUNS_AS)
        # The server user must be able to walk down to the data directory.
        for parent in path.resolve().parents:
            parent.chmod(parent.stat().st_mode | 0o055)
        for p in (self.data_dir.parent, self.data_dir, path):
            if p.exists():
                os.chown(p, entry.pw_uid, entry.pw_gid)

    def _run_as_owner(self, cmd: list[str]) -> subprocess.CompletedProcess[str]:
        kwargs: dict = {}
        if self._is_root():
            self._hand_to_owner(self.data_dir)
            kwargs["user"] = ROOT_RUNS_AS
            for f in (self.log_file,):
                if not f.exists():
                    f.touch()
                self._hand_to_owner(f)
        # The server must outlive this command: start it in its own session, and keep its
        # output in files rather than pipes that would close under it.
        return subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            start_new_session=True,
            timeout=120,
            check=False,
            **kwargs,
        )


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie or another program may hold a reused pid; accept only a live postgres process.
    # /proc/PID/stat rather than cmdline: a process being killed loses its cmdline before it
    # closes its sockets, so an empty cmdline would call the server dead while it still holds
    # its port. Its state only turns Z (zombie) once every file it had is closed.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    name = stat[stat.find("(") + 1 : stat.rfind(")")]
    state = stat[stat.rfind(")") + 2 : stat.rfind(")") + 3]
    return name.startswith("postgres") and state not in ("Z", "X")


def _last_line(text: str | None) -> str:
    lines = [line for line in (text or "").strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no output"
