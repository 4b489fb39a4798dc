"""fct_attainment is incremental: a night rebuilds only what changed (the offices and years
in dbt's int_office_years_to_rebuild), and a full refresh gives exactly the same rows; a
target revised mid-year keeps its history in snap_targets. The tests on the large marts check
the offices and years the build rewrote."""

from pathlib import Path

import psycopg

from capaian.branch_reports.generator import write_canonical_csv
from capaian.branch_reports.loading import load_files
from capaian.marts.dbt_runner import run_dbt

FCT = (
    "select * from marts_build.fct_attainment"
    " order by office_code, segment, metric, as_of_date, source_ref"
)

LATEST = (
    "select * from marts_build.fct_attainment_latest order by office_code, segment, metric, year"
)

DISCREPANCIES = (
    "select * from marts_build.mart_discrepancies"
    " order by discrepancy_kind, office_code, segment, metric, year, as_of_date, source_ref,"
    " other_source_ref"
)

CURRENT_TARGETS = (
    "select office_code, segment, metric, year, target from dbt_snapshots.snap_targets"
    " where dbt_valid_to is null order by office_code, segment, metric, year"
)


def scope(url) -> set[tuple[str, int]]:
    """The offices and years the last build rewrote."""
    with psycopg.connect(url) as conn:
        return set(
            conn.execute(
                "select office_code, year from dbt_intermediate.int_office_years_to_rebuild"
            )
        )


def every_office_year(url) -> set[tuple[str, int]]:
    with psycopg.connect(url) as conn:
        return set(
            conn.execute("select distinct office_code, year from marts_build.fct_attainment")
        )


def dbt(url, *args):
    result = run_dbt(list(args), url=url, capture=True)
    assert result.returncode == 0, result.stdout[-4000:]
    return result.stdout


def rows(url, query=FCT):
    with psycopg.connect(url) as conn:
        return conn.execute(query).fetchall()


def write(path: Path, lines: list[str]) -> Path:
    path.write_text(
        "report_date,office_code,office_name,segment,metric,target,realization\n"
        + "\n".join(lines)
        + "\n",
        encoding="utf-8",
    )
    return path


def test_incremental_build_equals_full_refresh(migrated_db, tmp_path):
    first = tmp_path / "first.csv"
    write_canonical_csv(first, 11 * 6, first_year=2024, last_year=2024, as_of_per_year=1)
    load_files([first], run_id="t1", url=migrated_db)
    dbt(migrated_db, "build")
    # The first build wrote (and tested) everything.
    assert scope(migrated_db) == every_office_year(migrated_db) != set()

    # Nothing new: the incremental models insert nothing, and their tests check nothing again.
    output = dbt(migrated_db, "build")
    assert scope(migrated_db) == set()
    assert "INSERT 0 0" in output

    # A corrected file for one office, and a new office-year.
    load_files(
        [
            write(
                tmp_path / "second.csv",
                [
                    "2024-12-31,KC-BANDA-ACEH,Banda Aceh,PU,participants,50000,49000",
                    "2025-06-30,KC-MEDAN-KOTA,Medan Kota,BPU,participants,100,40",
                ],
            )
        ],
        run_id="t2",
        url=migrated_db,
    )
    dbt(migrated_db, "build")
    assert scope(migrated_db) == {("KC-BANDA-ACEH", 2024), ("KC-MEDAN-KOTA", 2025)}
    incremental = rows(migrated_db)
    incremental_latest = rows(migrated_db, LATEST)
    incremental_discrepancies = rows(migrated_db, DISCREPANCIES)
    incremental_targets = rows(migrated_db, CURRENT_TARGETS)
    assert ("KC-MEDAN-KOTA", "BPU", 2025) in {(r[0], r[4], r[6]) for r in incremental}
    corrected = [
        r
        for r in incremental
        if r[0] == "KC-BANDA-ACEH" and r[4] == "PU" and r[5] == "participants"
    ]
    assert [(r[8], r[9]) for r in corrected] == [(50000, 49000)]

    dbt(migrated_db, "build", "--full-refresh")
    assert rows(migrated_db) == incremental
    assert rows(migrated_db, LATEST) == incremental_latest
    assert rows(migrated_db, DISCREPANCIES) == incremental_discrepancies
    assert rows(migrated_db, CURRENT_TARGETS) == incremental_targets
    assert scope(migrated_db) == every_office_year(migrated_db)


def test_scoped_tests_check_the_rows_of_the_build(migrated_db, tmp_path):
    """A bad row among the offices and years the last build rewrote fails the tests; the
    same row elsewhere is left to the whole-table quality gate (GX) before publishing."""
    load_files(
        [
            write(
                tmp_path / "reports.csv",
                [
                    "2025-06-30,KC-PADANG,Padang,BPU,participants,20000,9000",
                    "2025-06-30,KC-MEDAN-KOTA,Medan Kota,BPU,participants,100,40",
                ],
            )
        ],
        run_id="t1",
        url=migrated_db,
    )
    dbt(migrated_db, "build")
    load_files(
        [
            write(
                tmp_path / "padang.csv", ["2025-07-31,KC-PADANG,Padang,BPU,participants,20000,9500"]
            )
        ],
        run_id="t2",
        url=migrated_db,
    )
    dbt(migrated_db, "build")
    assert scope(migrated_db) == {("KC-PADANG", 2025)}

    def add_bad_row(office_code):
        with psycopg.connect(migrated_db) as conn:
            conn.execute(
                "insert into marts_build.fct_attainment (office_code, segment, metric, year,"
                " as_of_date, source_kind, source_ref) values (%s, 'XX', 'participants', 2025,"
                " '2025-06-30', 'branch_report', 'bad.csv')",
                (office_code,),
            )

    add_bad_row("KC-MEDAN-KOTA")  # an office-year this build did not touch
    assert run_dbt(["test", "--select", "fct_attainment"], url=migrated_db) == 0
    add_bad_row("KC-PADANG")  # one it rewrote
    result = run_dbt(["test", "--select", "fct_attainment"], url=migrated_db, capture=True)
    assert result.returncode != 0
    assert "relationships_fct_attainment_segment" in result.stdout


def test_a_revised_target_keeps_its_history(migrated_db, tmp_path):
    load_files(
        [
            write(
                tmp_path / "june.csv",
                [
                    "2025-06-30,KC-PADANG,Padang,BPU,participants,20000,9000",
                ],
            )
        ],
        run_id="t1",
        url=migrated_db,
    )
    dbt(migrated_db, "build")
    load_files(
        [
            write(
                tmp_path / "september.csv",
                [
                    "2025-09-30,KC-PADANG,Padang,BPU,participants,24000,15000",
                ],
            )
        ],
        run_id="t2",
        url=migrated_db,
    )
    dbt(migrated_db, "build")
    history = rows(
        migrated_db,
        "select target, dbt_valid_to is null from dbt_snapshots.snap_targets"
        " where office_code = 'KC-PADANG' order by dbt_valid_from",
    )
    assert history == [(20000, False), (24000, True)]


def test_rebuilding_one_year_restores_that_year_only(migrated_db, tmp_path, monkeypatch):
    # Two years of figures, built; then both years' mart rows go wrong behind dbt's back (as
    # after a bug fix in a model, which changes no staging row and so triggers no rebuild).
    both_years = tmp_path / "both.csv"
    write_canonical_csv(both_years, 11 * 4, first_year=2024, last_year=2025, as_of_per_year=1)
    load_files([both_years], run_id="t1", url=migrated_db)
    dbt(migrated_db, "build")
    built = rows(migrated_db)
    with psycopg.connect(migrated_db) as conn:
        conn.execute("update marts_build.fct_attainment set realization = realization + 1")

    monkeypatch.setenv("CAPAIAN_REBUILD_YEAR", "2024")
    dbt(migrated_db, "build", "--select", "int_build_bounds", "int_office_years_to_rebuild",
        "fct_attainment")  # fmt: skip

    after = rows(migrated_db)
    assert [r for r in after if r[6] == 2024] == [r for r in built if r[6] == 2024]
    still_wrong = [r[9] for r in after if r[6] == 2025]
    as_built = [b[9] for b in built if b[6] == 2025]
    assert still_wrong and still_wrong == [None if b is None else b + 1 for b in as_built], (
        "only the requested year is rebuilt"
    )


def test_a_malformed_rebuild_year_stops_the_build_with_its_value(migrated_db, monkeypatch):
    dbt(migrated_db, "build")
    monkeypatch.setenv("CAPAIAN_REBUILD_YEAR", "twenty24")
    result = run_dbt(["build"], url=migrated_db, capture=True)
    assert result.returncode != 0
    assert "CAPAIAN_REBUILD_YEAR must be a year from 2014 to 2100, not 'twenty24'" in result.stdout


def test_dbt_build_runs_every_unit_test_and_the_nightly_leaves_them_out(migrated_db, tmp_path):
    """The unit tests (attainment, precedence, totals, roll-ups, pro rata, discrepancies,
    news) run in `dbt build`, so in `make test`; the nightly's Cosmos task excludes them
    (same inputs every night)."""
    import json

    from capaian.orchestration.dbt_task_group import operator_args

    dbt(migrated_db, "build", "--target-path", str(tmp_path))
    results = json.loads((tmp_path / "run_results.json").read_text())["results"]
    unit_tests = {
        r["unique_id"].split(".")[-1]: r["status"]
        for r in results
        if r["unique_id"].startswith("unit_test.")
    }
    assert unit_tests == {
        "attainment_is_realization_over_target": "pass",
        "branch_report_wins_over_news_and_later_over_earlier": "pass",
        "a_published_percentage_off_its_ratio_is_listed": "pass",
        "branches_roll_up_and_region_figures_stay_apart": "pass",
        "news_disagreeing_with_the_branch_report_is_listed": "pass",
        "new_and_active_participants_never_share_a_row": "pass",
        "facts_waiting_for_review_are_not_published": "pass",
        "office_total_wins_and_is_never_added_to_segments": "pass",
        "pro_rata_by_the_latest_as_of_date_in_the_month": "pass",
        "regions_add_up_to_the_nation": "pass",
        "reviewers_decisions_are_applied": "pass",
    }
    assert operator_args("build_marts_with_dbt")["exclude"] == "resource_type:unit_test"


def test_a_load_that_began_first_but_committed_last_reaches_the_next_build(migrated_db, tmp_path):
    """Two loads at once (an ingest DAG and the nightly, say): the one that began first is
    paused inside its transaction while the other runs and a build happens in between. The
    rows of the paused load must still reach the marts at the next incremental build: its
    rows may not carry a load time older than the watermark that build took."""
    import threading
    import time

    first = tmp_path / "began_first.csv"
    write_canonical_csv(first, 11 * 2, first_year=2025, last_year=2025, as_of_per_year=1)
    second = write(
        tmp_path / "began_second.csv", ["2023-12-31,KC-PADANG,Padang,ALL,participants,10,9"]
    )
    inside_transaction, release = threading.Event(), threading.Event()

    def pause_once(file_name, fraction):
        if not inside_transaction.is_set():
            inside_transaction.set()
            release.wait(120)

    loads = [
        threading.Thread(target=load_files, args=([first], "run_a", migrated_db, None, pause_once)),
        threading.Thread(target=load_files, args=([second], "run_b", migrated_db)),
    ]
    loads[0].start()
    assert inside_transaction.wait(60)
    loads[1].start()

    def second_load_waits_or_is_done():
        with psycopg.connect(migrated_db, autocommit=True) as probe:
            waiting = probe.execute(
                "select count(*) from pg_stat_activity"
                " where wait_event_type = 'Lock' and wait_event = 'advisory'"
            ).fetchone()[0]
        return waiting or not loads[1].is_alive()

    deadline = time.monotonic() + 60
    while not second_load_waits_or_is_done():
        assert time.monotonic() < deadline, "the second load neither waited nor finished"
        time.sleep(0.2)
    dbt(migrated_db, "build", "--exclude", "resource_type:unit_test")  # a build in between
    release.set()
    for load in loads:
        load.join(120)
    dbt(migrated_db, "build", "--exclude", "resource_type:unit_test")

    sources = {r[14] for r in rows(migrated_db)}
    assert {"began_first.csv", "began_second.csv"} <= sources
