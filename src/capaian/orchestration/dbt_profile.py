"""The one dbt profile Cosmos uses in every DAG, built from the ``capaian_warehouse`` connection."""

from __future__ import annotations

from typing import Any

from cosmos import ProfileConfig
from cosmos.profiles import PostgresUserPasswordProfileMapping

from capaian import settings

DBT_PROFILE = "capaian"
DBT_TARGET = "warehouse"
# dbt builds the marts here, out of BI's sight; publishing copies them to `marts`.
BUILD_SCHEMA = "marts_build"
# As in dbt_project/profiles.yml (Cosmos' generated profile would otherwise run 1 thread).
THREADS = 4


class WarehouseProfileMapping(PostgresUserPasswordProfileMapping):
    """Cosmos' Postgres mapping, except that a password is optional.

    A server with trust authentication (a CI database, a developer's local server) has no
    password, and the stock mapping refuses such connections.
    """

    required_fields = ["host", "user", "dbname"]

    @property
    def secret_fields(self) -> list[str]:  # type: ignore[override]
        return ["password"] if self.conn.password else []

    @property
    def profile(self) -> dict[str, Any | None]:
        profile = super().profile
        if not self.conn.password:
            # dbt-postgres insists on the key; an empty password is what trust auth expects.
            profile["password"] = ""
        return profile


def profile_config() -> ProfileConfig:
    return ProfileConfig(
        profile_name=DBT_PROFILE,
        target_name=DBT_TARGET,
        profile_mapping=WarehouseProfileMapping(
            conn_id=settings.WAREHOUSE_CONN_ID,
            profile_args={"schema": BUILD_SCHEMA, "threads": THREADS},
        ),
    )
