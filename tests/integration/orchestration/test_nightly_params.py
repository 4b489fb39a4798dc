"""Manual runs with parameters, through Airflow: rebuild one year, reprocess a file that was
loaded before (its rows replaced, never doubled) and rebuild the marts in full; the marts come
out the same."""

import os
import subprocess
import sys

import psycopg
import pytest

from nightly_cli import run_nightly

pytestmark = pytest.mark.e2e
SAMPLE = "synthetic_branch_report_2025.csv"


def nightly(url, *args):
    result = run_nightly(url, *args)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def state(url):
    with psycopg.connect(url) as conn:
        return (
            conn.execute("select count(*) from staging.branch_report_rows").fetchone(),
            conn.execute(
                "select * from marts.fct_attainment order by 1, 5, 6, 7, 8, 14, 15"
            ).fetchall(),
        )


def test_rebuild_a_year_reprocess_a_loaded_file_and_rebuild_in_full(throwaway_db):
    nightly(throwaway_db)
    before = state(throwaway_db)
    nightly(throwaway_db, "--full-refresh")  # both generations of marts now exist
    assert state(throwaway_db) == before

    # A year's built rows go wrong without any new staging row (as after a fix to a model),
    # in the marts BI reads and in those the next build starts from: an ordinary night would
    # leave them; rebuilding that year puts them right.
    with psycopg.connect(throwaway_db) as conn:
        (year,) = conn.execute("select max(year) from marts.fct_attainment").fetchone()
        for schema in ("marts_build", "marts_live"):
            conn.execute(
                f"update {schema}.fct_attainment set realization = realization + 1 where year = %s",
                (year,),
            )
    assert state(throwaway_db) != before
    nightly(throwaway_db, "--rebuild-year", str(year))
    assert state(throwaway_db) == before

    nightly(throwaway_db, "--reprocess-file", SAMPLE, "--full-refresh")
    assert state(throwaway_db) == before
    with psycopg.connect(throwaway_db) as conn:
        statuses = conn.execute(
            "select status from audit.load_log where file_name = %s order by load_id", (SAMPLE,)
        ).fetchall()
    # First night: loaded; the full-refresh and rebuild nights: recognised as already loaded;
    # the reprocessing night: loaded again, replacing the first load's rows.
    assert statuses == [("loaded",), ("duplicate",), ("duplicate",), ("loaded",)]


def test_an_unknown_file_to_reprocess_fails_with_its_name(throwaway_db):
    env = {**os.environ, "CAPAIAN_WAREHOUSE_URL": throwaway_db}
    result = subprocess.run(
        [sys.executable, "-m", "capaian.cli", "run", "nightly", "--reprocess-file", "nope.csv"],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 1
    assert "load_branch_reports_from_inbox failed" in result.stderr
