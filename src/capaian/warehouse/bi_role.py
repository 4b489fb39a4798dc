"""The BI role ``capaian_bi``: it logs in, reads the published marts, and can do nothing else.

What it may do, in the warehouse database: connect, use schema ``marts`` and SELECT its tables
and views. What it may not: see ``raw``, ``staging``, ``audit``, ``marts_build``, dbt's schemas
or tables in ``public``; write, create or alter anything anywhere, temporary tables included.
Its URL (:func:`bi_url`) carries its own credentials only, never the warehouse owner's.

Why this is code and not a migration: a role belongs to the whole server (every database on
it shares it), its password must never be in the repository, and grants on tables have to be
re-applied when the publish step recreates a table. :func:`ensure_bi_role` is idempotent and
cheap, so it runs at set-up and again after every publish.

Tables the publish step recreates stay readable twice over: ``ALTER DEFAULT PRIVILEGES`` (for
the role that runs set-up and publish, the warehouse owner) grants SELECT on every new table
in ``marts`` as it is created, and the call after publishing grants it again in any case.

The password: ``CAPAIAN_BI_PASSWORD`` when set (a team sets it once for a shared server),
else one generated on first use into ``.capaian/bi.password`` (mode 600, git-ignored). It is
sent to the server hashed (SCRAM-SHA-256), so it never appears in a server log.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from capaian import settings
from capaian.warehouse.connection import build_url, connect, url_parameters

BI_ROLE = "capaian_bi"
BI_PASSWORD_VAR = "CAPAIAN_BI_PASSWORD"
READABLE_SCHEMA = "marts"
# Schemas PostgreSQL itself provides; every role may read their catalogs (BI tools need them).
SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")
# Session defaults for the role. Defaults, not guarantees (a session may change them; the
# grants are the guarantee, TEMPORARY included): a runaway dashboard query is cut off.
ROLE_SETTINGS = {
    "default_transaction_read_only": "on",
    "search_path": READABLE_SCHEMA,
    "statement_timeout": "5min",
}
CONNECTION_LIMIT = 20
# Options of the owner's URL that say how to reach the server safely, not who logs in: the
# BI URL keeps these and nothing else (no password, passfile, client certificate or key,
# service or options, which belong to the owner's login).
BI_URL_OPTIONS = (
    "sslmode",
    "sslrootcert",
    "sslcrl",
    "sslnegotiation",
    "gssencmode",
    "requirepeer",
    "connect_timeout",
    "target_session_attrs",
    "load_balance_hosts",
)


class BiRoleError(settings.SettingError):
    """The BI role cannot be set up; the message says what to do."""


@dataclass(frozen=True)
class BiRoleResult:
    created: bool
    password_set: bool
    readable_tables: int


def bi_password_file() -> Path:
    return settings.capaian_home() / "bi.password"


def bi_password() -> str:
    """``CAPAIAN_BI_PASSWORD``, else the generated one kept in ``.capaian/bi.password``."""
    configured = os.environ.get(BI_PASSWORD_VAR, "").strip()
    if configured:
        return configured
    path = bi_password_file()
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(24)
    # Create it private from the start: no window in which another user could read it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")
    return password


def bi_url(warehouse_url: str) -> str:
    """What a BI tool connects with: the warehouse's server(s) and database, capaian_bi's
    own user and password, and the connection options in :data:`BI_URL_OPTIONS`.

    Rebuilt from those parts rather than edited from the owner's URL, so nothing of the
    owner's login (a ``?password=``, a client certificate, a service file) reaches BI users.
    """
    owner = url_parameters(warehouse_url)
    params = {"user": BI_ROLE, "password": bi_password()}
    for key in ("host", "port", "dbname"):
        if owner.get(key):
            params[key] = owner[key]
    params.setdefault("host", "127.0.0.1")
    params.update({key: owner[key] for key in BI_URL_OPTIONS if key in owner})
    return build_url(params)


def ensure_bi_role(url: str) -> BiRoleResult:
    """Create or repair capaian_bi and its grants in ``url``'s database; safe to repeat."""
    password = bi_password()
    with connect(url, autocommit=True) as conn:
        created = _create_role_once(conn)
        password_set = False
        if not _can_log_in(bi_url(url)):
            _set_password(conn, password)
            password_set = True
        with conn.transaction():
            # One transaction: a BI session never sees the grants half taken away.
            _lock_down_role(conn)
            _revoke_everything_outside_marts(conn)
            readable = _grant_marts(conn)
    return BiRoleResult(created, password_set, readable)


def reachable_outside_marts(url: str) -> list[str]:
    """Every table, view or sequence outside ``marts`` that capaian_bi could read or write
    (including through grants to PUBLIC or role memberships): should be empty."""
    with connect(url) as conn:
        rows = conn.execute(
            """
            select format('%%I.%%I', n.nspname, c.relname)
            from pg_class as c
            join pg_namespace as n on n.oid = c.relnamespace
            where c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
              and n.nspname <> %(marts)s
              and n.nspname <> all(%(system)s)
              and n.nspname not like 'pg_temp%%'
              and n.nspname not like 'pg_toast_temp%%'
              and has_schema_privilege(%(role)s, n.oid, 'USAGE')
              and (
                  has_table_privilege(%(role)s, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')
                  or (c.relkind = 'S' and has_sequence_privilege(%(role)s, c.oid, 'USAGE, UPDATE'))
              )
            order by 1
            """,
            {"marts": READABLE_SCHEMA, "system": list(SYSTEM_SCHEMAS), "role": BI_ROLE},
        ).fetchall()
    return [name for (name,) in rows]


# ------------------------------------------------------------------------------ steps
def _create_role_once(conn: psycopg.Connection) -> bool:
    if _role_exists(conn):
        return False
    try:
        # NOLOGIN until the password is set just after; LOGIN comes with the lock-down.
        conn.execute(sql.SQL("create role {} nologin").format(sql.Identifier(BI_ROLE)))
    except psycopg.errors.DuplicateObject:
        return False  # another database's set-up on the same server created it just now
    except psycopg.errors.InsufficientPrivilege:
        raise BiRoleError(
            f"the warehouse user may not create roles: ask the server's administrator to run "
            f"`create role {BI_ROLE} login password '...'` (the password from "
            f"{BI_PASSWORD_VAR}), then run `capaian setup` again"
        ) from None
    return True


def _role_exists(conn: psycopg.Connection) -> bool:
    row = conn.execute("select 1 from pg_roles where rolname = %s", (BI_ROLE,)).fetchone()
    return row is not None


def _can_log_in(role_url: str) -> bool:
    """Whether capaian_bi already logs in with its password (then nothing to change: BI
    sessions and other databases on the server may be using the role right now)."""
    try:
        with psycopg.connect(role_url, connect_timeout=10):
            return True
    except psycopg.OperationalError:
        return False


def _set_password(conn: psycopg.Connection, password: str) -> None:
    # libpq hashes it here; the server (and its log) only ever sees the SCRAM verifier.
    verifier = conn.pgconn.encrypt_password(
        password.encode(), BI_ROLE.encode(), b"scram-sha-256"
    ).decode()
    try:
        conn.execute(
            sql.SQL("alter role {} login password {}").format(
                sql.Identifier(BI_ROLE), sql.Literal(verifier)
            )
        )
    except psycopg.errors.InsufficientPrivilege:
        raise BiRoleError(
            f"the warehouse user may not change {BI_ROLE}'s password: set {BI_PASSWORD_VAR} "
            "to the password the administrator gave it"
        ) from None


def _lock_down_role(conn: psycopg.Connection) -> None:
    # Roles are shared by every database on the server: alter one only when it differs, so
    # that set-ups of several databases at once do not collide on the same catalog row.
    role = sql.Identifier(BI_ROLE)
    attributes = conn.execute(
        "select rolcanlogin and not (rolsuper or rolcreatedb or rolcreaterole or rolreplication"
        " or rolbypassrls or rolinherit) and rolconnlimit = %s"
        " from pg_roles where rolname = %s",
        (CONNECTION_LIMIT, BI_ROLE),
    ).fetchone()
    if not attributes[0]:
        conn.execute(
            sql.SQL(
                "alter role {} login nosuperuser nocreatedb nocreaterole noreplication"
                " nobypassrls noinherit connection limit {}"
            ).format(role, sql.Literal(CONNECTION_LIMIT))
        )
    current = _role_settings(conn)
    for setting, value in ROLE_SETTINGS.items():
        if current.get(setting) != value:
            conn.execute(
                sql.SQL("alter role {} set {} = {}").format(
                    role, sql.Identifier(setting), sql.Literal(value)
                )
            )
    # Membership in a role such as pg_read_all_data would open every table.
    for (granted,) in conn.execute(
        "select r.rolname from pg_auth_members as m"
        " join pg_roles as r on r.oid = m.roleid"
        " join pg_roles as u on u.oid = m.member"
        " where u.rolname = %s",
        (BI_ROLE,),
    ).fetchall():
        conn.execute(sql.SQL("revoke {} from {}").format(sql.Identifier(granted), role))


def _role_settings(conn: psycopg.Connection) -> dict[str, str]:
    row = conn.execute(
        "select s.setconfig from pg_db_role_setting as s join pg_roles as r on r.oid = s.setrole"
        " where r.rolname = %s and s.setdatabase = 0",
        (BI_ROLE,),
    ).fetchone()
    entries = row[0] if row and row[0] else []
    return dict(entry.split("=", 1) for entry in entries)


def _revoke_everything_outside_marts(conn: psycopg.Connection) -> None:
    role = sql.Identifier(BI_ROLE)
    database = sql.Identifier(database_name_of(conn))
    conn.execute(sql.SQL("revoke create, temporary on database {} from {}").format(database, role))
    _take_away_temporary_tables(conn)
    schemas = conn.execute(
        "select nspname from pg_namespace"
        " where nspname <> all(%s) and nspname not like 'pg_temp%%'"
        " and nspname not like 'pg_toast_temp%%'",
        (list(SYSTEM_SCHEMAS),),
    ).fetchall()
    for (schema,) in schemas:
        name = sql.Identifier(schema)
        conn.execute(sql.SQL("revoke all on schema {} from {}").format(name, role))
        for kind in ("tables", "sequences", "functions"):
            conn.execute(
                sql.SQL("revoke all on all {} in schema {} from {}").format(
                    sql.SQL(kind), name, role
                )
            )
    # Before PostgreSQL 15 every role may create tables in schema public; 15 and later
    # stopped that by default, and this brings older servers in line.
    if conn.info.server_version < 150000:
        conn.execute("revoke create on schema public from public")


def _take_away_temporary_tables(conn: psycopg.Connection) -> None:
    """capaian_bi may not create temporary tables (they would let it write, fill the disk
    and hold locks). PostgreSQL gives TEMPORARY on every database to PUBLIC, and a grant to
    PUBLIC cannot be withheld from one role, so PUBLIC loses it on the warehouse database
    only (other databases on the server keep the default). The role running set-up gets it
    by name first (dbt's incremental models use temporary tables); the database's owner and
    superusers keep it regardless. Another role that needs temporary tables in the warehouse
    database is granted them by name: ``grant temporary on database <db> to <role>``."""
    if not _bi_may_create_temporary_tables(conn):
        return
    database = sql.Identifier(database_name_of(conn))
    conn.execute(sql.SQL("grant temporary on database {} to current_user").format(database))
    conn.execute(sql.SQL("revoke temporary on database {} from public").format(database))
    if _bi_may_create_temporary_tables(conn):
        # Only the database's owner (or a superuser) can take it from PUBLIC.
        raise BiRoleError(
            f"the warehouse user may not take TEMPORARY on database {conn.info.dbname} from "
            f"PUBLIC, so {BI_ROLE} could create temporary tables: ask the database's owner to "
            f"run `revoke temporary on database {conn.info.dbname} from public` (and to grant "
            "it by name to roles that need it), then run `capaian setup` again"
        )


def _bi_may_create_temporary_tables(conn: psycopg.Connection) -> bool:
    (allowed,) = conn.execute(
        "select has_database_privilege(%s, current_database(), 'TEMPORARY')", (BI_ROLE,)
    ).fetchone()
    return bool(allowed)


def _grant_marts(conn: psycopg.Connection) -> int:
    role = sql.Identifier(BI_ROLE)
    marts = sql.Identifier(READABLE_SCHEMA)
    conn.execute(
        sql.SQL("grant connect on database {} to {}").format(
            sql.Identifier(database_name_of(conn)), role
        )
    )
    conn.execute(sql.SQL("grant usage on schema {} to {}").format(marts, role))
    conn.execute(sql.SQL("grant select on all tables in schema {} to {}").format(marts, role))
    # Tables the publish step (run by this same owner role) creates later come readable.
    conn.execute(
        sql.SQL("alter default privileges in schema {} grant select on tables to {}").format(
            marts, role
        )
    )
    (count,) = conn.execute(
        "select count(*) from pg_class as c join pg_namespace as n on n.oid = c.relnamespace"
        " where n.nspname = %s and c.relkind in ('r', 'p', 'v', 'm')",
        (READABLE_SCHEMA,),
    ).fetchone()
    return count


def database_name_of(conn: psycopg.Connection) -> str:
    return conn.info.dbname
