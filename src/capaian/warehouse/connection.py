"""The one answer to "where is the warehouse?", and connections to it.

``CAPAIAN_WAREHOUSE_URL`` set: that server. Unset: the embedded server, started on demand.
Everything else (Airflow's connection, dbt's profile, GX's datasource, the CLI) derives from
:func:`warehouse_url`, so one setting moves everything.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit, urlunsplit

from capaian import settings
from capaian.warehouse.embedded import EmbeddedServer

if TYPE_CHECKING:
    from collections.abc import Iterator

    import psycopg


class WarehouseUnreachable(RuntimeError):
    """The warehouse cannot be reached; the message says where and what to do."""


def warehouse_url(start_embedded: bool = True) -> str:
    """The URL of the warehouse in use (starting the embedded server if that is the one)."""
    configured = settings.configured_warehouse_url()
    if configured:
        return normalise_url(configured)
    server = EmbeddedServer()
    if start_embedded:
        server.start()
    return server.url()


def uses_embedded() -> bool:
    return settings.configured_warehouse_url() is None


def normalise_url(url: str) -> str:
    """Accept ``postgres://`` and SQLAlchemy's ``postgresql+driver://`` spellings too.

    The URL comes back rebuilt from libpq's own reading of it, so a password given as
    ``?password=`` sits in the user info, where Airflow's connection, dbt's profile and
    SQLAlchemy look for it (and where :func:`redact` hides it like any other).
    """
    parts = urlsplit(url)
    scheme = parts.scheme.split("+", 1)[0]
    if scheme not in ("postgresql", "postgres"):
        raise settings.SettingError(
            f"{settings.WAREHOUSE_URL_VAR} must be a postgresql:// URL, not {parts.scheme}://..."
        )
    if not parts.hostname:
        raise settings.SettingError(
            f"{settings.WAREHOUSE_URL_VAR} must name a host (postgresql://user@HOST:port/db): "
            "Airflow, dbt and Great Expectations cannot use socket-only URLs"
        )
    if not parts.path.strip("/"):
        raise settings.SettingError(
            f"{settings.WAREHOUSE_URL_VAR} must name a database (postgresql://user@host:port/DB)"
        )
    params = _parameters_or_none(url)
    if params is None:
        # libpq's complaint could quote the URL, password included: say only what to fix.
        raise settings.SettingError(
            f"{settings.WAREHOUSE_URL_VAR} is not a URL libpq can read "
            "(postgresql://user:password@host:port/db, special characters %-encoded)"
        )
    return build_url(params)


# libpq parameters whose value is a secret: hidden by redact(), never carried to BI users.
SECRET_PARAMETERS = ("password", "sslpassword")
MASK = "***"


def url_parameters(url: str) -> dict[str, str]:
    """libpq's own reading of a URL (user info, path and query alike), whatever driver
    suffix the scheme carries (``postgresql+psycopg2://``). Raises ValueError when libpq
    cannot read it."""
    parts = urlsplit(url)
    if parts.scheme.split("+", 1)[0] not in ("postgresql", "postgres"):
        raise ValueError("not a postgresql:// URL")
    from psycopg import ProgrammingError
    from psycopg.conninfo import conninfo_to_dict

    plain = urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, parts.fragment))
    try:
        params = conninfo_to_dict(plain)
    except ProgrammingError:
        raise ValueError("libpq cannot read this URL") from None
    return {key: str(value) for key, value in params.items() if value is not None}


def build_url(params: dict[str, str], masked: frozenset[str] = frozenset()) -> str:
    """A ``postgresql://`` URL from libpq parameters: user, password, host(s), port(s) and
    database in their places, every other parameter in the query. Parameters named in
    ``masked`` are shown as ``***``."""
    params = dict(params)

    def shown(key: str, value: str) -> str:
        return MASK if key in masked else quote(value, safe="")

    userinfo = ""
    user = params.pop("user", None)
    password = params.pop("password", None)
    if user is not None or password is not None:
        userinfo = shown("user", user or "")
        if password is not None:
            userinfo += ":" + shown("password", password)
        userinfo += "@"
    hosts = params.pop("host", "").split(",")
    ports = params.pop("port", "").split(",")
    if len(ports) == 1:
        ports = ports * len(hosts)  # one port for every host, as libpq reads it
    servers = []
    for host, port in zip(hosts, ports, strict=False):
        # An IPv6 address goes in brackets.
        shown_host = f"[{host}]" if ":" in host else quote(host, safe="")
        servers.append(shown_host + (f":{port}" if port else ""))
    path = "/" + quote(params.pop("dbname", ""), safe="")
    query = "&".join(f"{quote(key, safe='')}={shown(key, value)}" for key, value in params.items())
    return urlunsplit(("postgresql", userinfo + ",".join(servers), path, query, ""))


def _parameters_or_none(url: str) -> dict[str, str] | None:
    try:
        return url_parameters(url)
    except ValueError:
        return None


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))


def database_name(url: str) -> str:
    return urlsplit(url).path.strip("/")


def redact(url: str) -> str:
    """The URL with every secret hidden, for whatever is printed, logged or stored: a
    password in the user info, in ``?password=`` (or ``?sslpassword=``) alike.

    The URL is rebuilt from libpq's reading of it rather than edited, so no spelling libpq
    accepts (percent-encoding, a parameter given twice) slips through. A password from
    ``PGPASSWORD`` or ``.pgpass`` is never part of a URL, so never shown either. A URL libpq
    cannot read is not shown at all: where its password would be cannot be known.
    """
    params = _parameters_or_none(url)
    if params is None:
        return "postgresql://(a URL libpq cannot read; not shown)"
    return build_url(params, masked=frozenset(SECRET_PARAMETERS))


@contextmanager
def connect(url: str | None = None, autocommit: bool = False) -> Iterator[psycopg.Connection]:
    """A psycopg connection to the warehouse, with a clear error when it cannot be reached."""
    import psycopg

    url = url or warehouse_url()
    try:
        conn = psycopg.connect(url, autocommit=autocommit, connect_timeout=10)
    except psycopg.OperationalError as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        hint = (
            "check that the server runs and the URL is right, or unset "
            f"{settings.WAREHOUSE_URL_VAR} to use the embedded warehouse"
            if not uses_embedded()
            else "run `capaian warehouse status`; `capaian warehouse start` starts it"
        )
        raise WarehouseUnreachable(
            f"cannot reach the warehouse at {redact(url)}: {reason}; {hint}"
        ) from None
    with conn:
        yield conn
