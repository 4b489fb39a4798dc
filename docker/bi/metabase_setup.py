"""Connect the compose profile's Metabase to the marts as capaian_bi (docker compose --profile bi).

Runs once in the Capaian image after Metabase is up: makes sure the BI role exists with its
grants (the same ensure_bi_role the set-up runs), creates Metabase's first admin on a fresh
Metabase (from METABASE_ADMIN_EMAIL / METABASE_ADMIN_PASSWORD), then adds the warehouse as
the database "Capaian marts", limited to schema marts, or updates its password if it is
already there. Safe to run again. Only the standard library and Capaian are used.
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import unquote, urlsplit

from capaian.warehouse.bi_role import bi_url, ensure_bi_role
from capaian.warehouse.connection import warehouse_url
from capaian.warehouse.migrations import migrate

METABASE = os.environ.get("METABASE_URL", "http://metabase:3000").rstrip("/")
DATABASE_NAME = "Capaian marts"
WAIT_SECONDS = 600


def main() -> int:
    email = _required("METABASE_ADMIN_EMAIL")
    password = _required("METABASE_ADMIN_PASSWORD")
    url = warehouse_url()
    migrate(url)
    ensure_bi_role(url)
    _wait_for_metabase()
    session = _admin_session(email, password)
    details = _connection_details(bi_url(url))
    existing = _find_database(session)
    if existing is None:
        _call(
            "POST",
            "/api/database",
            {"engine": "postgres", "name": DATABASE_NAME, "details": details},
            session,
        )
        print(f"metabase: added {DATABASE_NAME!r} (schema marts, as capaian_bi)")
    else:
        _call("PUT", f"/api/database/{existing}", {"details": details}, session)
        print(f"metabase: {DATABASE_NAME!r} already there; its connection was refreshed")
    return 0


def _connection_details(role_url: str) -> dict:
    parts = urlsplit(role_url)
    return {
        "host": parts.hostname,
        "port": parts.port or 5432,
        "dbname": parts.path.strip("/"),
        "user": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "ssl": False,
        # Metabase lists only the marts: the role could not read anything else anyway.
        "schema-filters-type": "inclusion",
        "schema-filters-patterns": "marts",
    }


def _admin_session(email: str, password: str) -> str:
    properties = _call("GET", "/api/session/properties")
    if not properties.get("has-user-setup"):
        created = _call(
            "POST",
            "/api/setup",
            {
                "token": properties["setup-token"],
                "user": {
                    "email": email,
                    "password": password,
                    "first_name": "Capaian",
                    "last_name": "Admin",
                    "site_name": "Capaian",
                },
                "prefs": {"site_name": "Capaian", "site_locale": "en", "allow_tracking": False},
            },
        )
        return created["id"]
    return _call("POST", "/api/session", {"username": email, "password": password})["id"]


def _find_database(session: str) -> int | None:
    answer = _call("GET", "/api/database", session=session)
    databases = answer["data"] if isinstance(answer, dict) else answer
    for database in databases:
        if database.get("name") == DATABASE_NAME:
            return database["id"]
    return None


def _wait_for_metabase() -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            if _call("GET", "/api/health").get("status") == "ok":
                return
        except (urllib.error.URLError, ConnectionError, json.JSONDecodeError):
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"metabase did not answer at {METABASE} within {WAIT_SECONDS} s")
        time.sleep(5)


def _call(method: str, path: str, body: dict | None = None, session: str | None = None):
    request = urllib.request.Request(
        METABASE + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    if session:
        request.add_header("X-Metabase-Session", session)
    with urllib.request.urlopen(request, timeout=60) as response:
        text = response.read().decode() or "{}"
    return json.loads(text)


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise SystemExit(f"set {name} in .env to use the bi profile")
    return value


if __name__ == "__main__":
    sys.exit(main())
