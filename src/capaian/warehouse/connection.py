"""The one answer to "where is the warehouse?", and connections to it.

``CAPAIAN_WAREHOUSE_URL`` set: that server. Unset: the embedded server, started on demand.
Everything else (Airflow's connection, dbt's profile, GX's datasource, the CLI) derives from
:func:`warehouse_url`, so one setting moves everything.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

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
    """Accept ``postgres://`` and SQLAlchemy's ``postgresql+driver://`` spellings too."""
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
    return urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, parts.fragment))


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))


def database_name(url: str) -> str:
    return urlsplit(url).path.strip("/")


def redact(url: str) -> str:
    """The URL with its password hidden, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(":" + parts.password + "@", ":***@")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


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
