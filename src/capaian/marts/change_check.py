"""What the published marts were built from, and whether any of it changed since.

A night with nothing new should not build the marts again (docs/performance.md): the
rebuild would reach the same rows, and an hour after an ingest DAG already brought new data
to the marts, the 02:00 run would build them a second time from the same data. So before
dbt runs, the nightly takes a fingerprint of everything the marts depend on:

- the staging tables' content (rows and newest load time of each), which news facts the
  staging gate holds back from the marts, reviewers' decisions and retracted files;
- the dbt project (models, macros, seeds such as the office gazetteer, snapshots, tests,
  ``dbt_project.yml``), the Great Expectations suites and the warehouse's schema version;

and compares it with the fingerprint recorded when the marts were last published
(``audit.published_builds``). Equal, and the marts exist: the build, its gate and the
publish are skipped. Anything else builds as usual. Only a publish records a fingerprint,
so after a failed run (a gate that stopped bad data) the next run builds and checks again
instead of passing quietly over the same data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from capaian import settings

# The parts of the dbt project whose files decide what dbt builds.
DBT_INPUT_FOLDERS = ("models", "macros", "seeds", "snapshots", "tests")
DBT_INPUT_FILES = ("dbt_project.yml", "packages.yml")

_STAGING_STATE = """
select
    (select count(*) from staging.branch_report_rows),
    (select max(loaded_at) from staging.branch_report_rows),
    (select count(*) from staging.news_facts),
    (select max(loaded_at) from staging.news_facts),
    (select coalesce(string_agg(content_sha256 || ':' || fact_index || ':' || expectation,
                                ',' order by content_sha256, fact_index, expectation), '')
     from audit.news_facts_held),
    (select coalesce(max(version), 0) from public.capaian_schema_migrations),
    (select count(*) from audit.review_decisions),
    (select max(decided_at) from audit.review_decisions),
    (select count(*) from audit.retracted_files)
"""


@dataclass(frozen=True)
class ChangeCheck:
    """The outcome of comparing the marts' inputs with those of the last publish."""

    fingerprint: str
    changed: bool
    reason: str  # one line for the log: why the marts are (or are not) built


def project_files_digest() -> str:
    """SHA-256 over the names and bytes of the dbt project's and the suites' files."""
    dbt = settings.dbt_project_dir()
    paths = [p for name in DBT_INPUT_FILES if (p := dbt / name).is_file()]
    for folder in DBT_INPUT_FOLDERS:
        paths += [p for p in (dbt / folder).rglob("*") if p.is_file()]
    paths += list(settings.expectations_dir().glob("*.json"))
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(settings.project_root())).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def inputs_fingerprint(conn) -> str:
    """The fingerprint of everything the marts are built from, as of now."""
    state = conn.execute(_STAGING_STATE).fetchone()
    digest = hashlib.sha256(project_files_digest().encode())
    for value in state:
        digest.update(b"\0" + str(value).encode())
    return digest.hexdigest()


def check_for_changes(conn, forced: str | None = None) -> ChangeCheck:
    """Compare the inputs now with those of the last publish. ``forced`` (a reason, such as
    a manual full refresh) builds whatever the comparison says."""
    fingerprint = inputs_fingerprint(conn)
    if forced:
        return ChangeCheck(fingerprint, True, forced)
    published = conn.execute(
        "select inputs_fingerprint, run_id, published_at from audit.published_builds"
        " order by published_at desc, publish_id desc limit 1"
    ).fetchone()
    if published is None:
        return ChangeCheck(fingerprint, True, "the marts were never published")
    if not _published_marts_exist(conn):
        return ChangeCheck(fingerprint, True, "the published marts are missing")
    last_fingerprint, run_id, published_at = published
    if last_fingerprint != fingerprint:
        return ChangeCheck(
            fingerprint, True, f"new data or a changed project since the publish of {run_id}"
        )
    when = f"{published_at:%Y-%m-%d %H:%M %Z}"
    return ChangeCheck(
        fingerprint,
        False,
        f"nothing changed since run {run_id} published the marts at {when}: staging, the"
        " held-back news facts, the dbt project and the suites are the same, so the marts"
        " would come out the same",
    )


def record_publish(conn, fingerprint: str, run_id: str) -> None:
    """Remember what the marts just published were built from (in the publish transaction)."""
    conn.execute(
        "insert into audit.published_builds (inputs_fingerprint, run_id) values (%s, %s)",
        (fingerprint, run_id),
    )


def _published_marts_exist(conn) -> bool:
    return conn.execute("select to_regclass('marts.fct_attainment') is not null").fetchone()[0]
