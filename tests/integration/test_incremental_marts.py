"""fct_attainment is incremental: a night rebuilds only what changed, and a full refresh
gives exactly the same rows; a target revised mid-year keeps its history in snap_targets."""

from pathlib import Path

import psycopg

from capaian.generate.branch_reports import write_canonical_csv
from capaian.ingest.branch_reports import load_files
from capaian.transform import run_dbt

FCT = (
    "select * from marts_build.fct_attainment"
    " order by office_code, segment, metric, as_of_date, source_ref"
)

LATEST = (
    "select * from marts_build.fct_attainment_latest order by office_code, segment, metric, year"
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

    # Nothing new: the incremental run inserts nothing.
    assert "INSERT 0 0" in dbt(migrated_db, "build", "--select", "fct_attainment")

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
    incremental = rows(migrated_db)
    incremental_latest = rows(migrated_db, LATEST)
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
    dbt(migrated_db, "build", "--select", "fct_attainment")

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
    result = run_dbt(["build", "--select", "fct_attainment"], url=migrated_db, capture=True)
    assert result.returncode != 0
    assert "CAPAIAN_REBUILD_YEAR must be a year such as 2024, not 'twenty24'" in result.stdout
