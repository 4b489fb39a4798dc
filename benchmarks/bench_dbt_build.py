"""How fast dbt builds the marts at scale, incrementally, and through Airflow (Cosmos).

Makes throwaway databases on the warehouse server in use (CAPAIAN_WAREHOUSE_URL, else the
embedded one), fills them with synthetic branch-report history and measures:

1. a full ``dbt build`` (``--full-refresh``) on ``--rows`` rows (default 1.9 million: the
   generator's 11 rows per office and as-of date, 10 years x 12 month-ends, so about 1,440
   offices);
2. the incremental ``dbt build`` right after it, with nothing new loaded, and what the
   nightly's build step does on such a night: find that nothing changed since the last
   publish (capaian.marts.change_check) and not run dbt at all (goal: <= 10 % of 1);
3. on a second database with ``--airflow-rows`` rows (default: every gazetteer branch for 10
   years x 12 month-ends), the dbt part of an Airflow run of ``capaian_nightly`` (first
   ``build_marts_with_dbt.*`` task start to last task end, from Airflow's metadata database)
   against a bare ``dbt build`` of the same project on the same database (goal: <= 1.5x).

Every dbt build here selects what the nightly's Cosmos task builds: everything but dbt's unit
tests (those run in ``make test``).

"dbt's own run" is run_results.json's elapsed_time: the build without dbt's start-up (the
Python import of dbt, parsing, connecting), which alone takes about 3 s on 2 shared cores.

Data preparation, not measured: rows are generated with ``capaian.branch_reports.generator``
and put straight into ``raw.branch_report_files`` + ``staging.branch_report_rows`` with COPY
(the loader's own speed is another benchmark's business). Offices beyond the gazetteer's
branches are synthetic (``SYN-0001``...); so that they reach the marts instead of the review
list, part 1-2 seeds the gazetteer, adds them to the seeded table ``dbt_seeds.office_gazetteer``
and then builds with ``--exclude resource_type:seed`` (nothing is committed). Part 3 builds the
whole project, seed included (what the nightly runs), so it uses real branches only.

Before each part-3 measurement marts_build's watermark is removed, so that Airflow and
bare dbt do the same work: every office and year is rebuilt (what a night after a large
delivery does). dbt's target directory is a temporary one, never the project's.

    .venv/bin/python benchmarks/bench_dbt_build.py [--rows 1900000] [--quick] [--repeat 2]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

from capaian.branch_reports import CANONICAL_COLUMNS
from capaian.branch_reports.generator import (
    ROWS_PER_OFFICE_DATE,
    as_of_dates,
    generate_rows,
    offices_for,
)
from capaian.gazetteer import branch_offices
from capaian.warehouse.connection import warehouse_url
from capaian.warehouse.scratch import create_database, drop_database

REPO_ROOT = Path(__file__).resolve().parents[1]
FIRST_YEAR, LAST_YEAR, PER_YEAR = 2016, 2025, 12
DATES = len(as_of_dates(FIRST_YEAR, LAST_YEAR, PER_YEAR))
DBT_GROUP = "build_marts_with_dbt."
NIGHTLY_EXCLUDES = "resource_type:unit_test"  # as the nightly's Cosmos task (dbt_task_group)


# ------------------------------------------------------------------------------ databases
def capaian(url: str, *args: str, inbox: Path | None = None) -> None:
    env = {**os.environ, "CAPAIAN_WAREHOUSE_URL": url}
    if inbox:
        env["CAPAIAN_INBOX"] = str(inbox)
    result = subprocess.run(
        [sys.executable, "-m", "capaian.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        output = result.stdout[-3000:] + result.stderr[-3000:]
        sys.exit(f"capaian {' '.join(args)} failed:\n{output}")


# ------------------------------------------------------------------------------ data
def load_rows(url: str, rows: int, workdir: Path) -> tuple[int, int]:
    """Generate ``rows`` canonical rows into a CSV file and COPY them into staging.

    Returns (rows, offices)."""
    path = workdir / f"bench_branch_report_{rows}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(CANONICAL_COLUMNS)
        writer.writerows(
            generate_rows(rows, first_year=FIRST_YEAR, last_year=LAST_YEAR, as_of_per_year=PER_YEAR)
        )
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    with psycopg.connect(url) as conn:
        (file_id,) = conn.execute(
            "insert into raw.branch_report_files (content_sha256, file_name, size_bytes)"
            " values (%s, %s, %s) returning file_id",
            (sha, path.name, path.stat().st_size),
        ).fetchone()
        copy_sql = (
            "copy staging.branch_report_rows (file_id, line_ref, report_date, office_code,"
            " office_name, segment, metric, target, realization, reported_pct) from stdin"
        )
        with path.open(encoding="utf-8", newline="") as handle, conn.cursor().copy(copy_sql) as cp:
            reader = csv.reader(handle)
            next(reader)
            for line, record in enumerate(reader, start=2):
                cp.write_row((file_id, f"line {line}", *(value or None for value in record)))
        conn.execute("analyze staging.branch_report_rows")
    path.unlink()
    offices = max(1, -(-rows // (DATES * ROWS_PER_OFFICE_DATE)))
    return rows, offices


def add_synthetic_offices(url: str, offices: int) -> int:
    """Put the generator's SYN-* offices into the seeded gazetteer table (not the seed file)."""
    real = {office.code for office in branch_offices()}
    synthetic = [o for o in offices_for(offices) if o.code not in real]
    with (
        psycopg.connect(url) as conn,
        conn.cursor().copy(
            "copy dbt_seeds.office_gazetteer (office_code, office_name, office_level,"
            " region_name, province, aliases) from stdin"
        ) as cp,
    ):
        for office in synthetic:
            cp.write_row((office.code, office.name, "branch", "Sintetis", "Sintetis", ""))
    return len(synthetic)


# ------------------------------------------------------------------------------ dbt
def dbt(url: str, target: Path, *args: str) -> tuple[float, dict]:
    """Run dbt (as `capaian dbt` does) with its target in ``target``; (seconds, run_results)."""
    from capaian.marts.dbt_runner import dbt_command, dbt_environment

    env = {**os.environ, **dbt_environment(url), "DBT_LOG_PATH": str(target / "logs")}
    started = time.perf_counter()
    result = subprocess.run(
        dbt_command([*args, "--target-path", str(target)]),
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"dbt {' '.join(args)} failed:\n{result.stdout[-4000:]}{result.stderr[-2000:]}")
    results_file = target / "run_results.json"
    results = json.loads(results_file.read_text()) if results_file.exists() else {}
    return seconds, results


def slowest_nodes(results: dict, count: int = 4) -> str:
    nodes = sorted(
        (
            (r["execution_time"], r["unique_id"].split(".")[2][:40])
            for r in results.get("results", [])
        ),
        reverse=True,
    )
    return ", ".join(f"{name} {seconds:.1f}s" for seconds, name in nodes[:count])


def node_seconds(results: dict, name: str) -> float:
    return sum(
        r["execution_time"]
        for r in results.get("results", [])
        if r["unique_id"] == f"model.capaian.{name}"
    )


def row_count(url: str, table: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute(f"select count(*) from {table}").fetchone()[0]


def nightly_change_check(url: str) -> float:
    """Seconds the nightly takes to find that nothing changed since the last publish (after
    recording this build as published): all its build step does on such a night."""
    from capaian.marts.change_check import check_for_changes, record_publish

    with psycopg.connect(url) as conn:
        conn.execute("create table if not exists marts.fct_attainment (office_code text)")
        record_publish(conn, check_for_changes(conn).fingerprint, "benchmark")
        conn.commit()
        started = time.perf_counter()
        check = check_for_changes(conn)
        seconds = time.perf_counter() - started
    if check.changed:
        sys.exit(f"the change check found a change where there is none: {check.reason}")
    return seconds


def reset_watermark(url: str) -> None:
    """Make the next build rebuild every office and year (and the nightly build at all)."""
    with psycopg.connect(url) as conn:
        conn.execute("delete from audit.mart_generations where schema_name = 'marts_build'")
        conn.execute("delete from audit.published_builds")


# ------------------------------------------------------------------------------ Airflow
def airflow_dbt_span(url: str, inbox: Path) -> tuple[float, float, int]:
    """Run capaian_nightly; (dbt span seconds, whole run seconds, dbt task count)."""
    from capaian.orchestration.airflow_env import airflow_metadata_url
    from capaian.orchestration.dag_runs import run_dag_test

    os.environ["CAPAIAN_WAREHOUSE_URL"] = url
    os.environ["CAPAIAN_INBOX"] = str(inbox)
    started = time.perf_counter()
    outcome = run_dag_test("capaian_nightly", url, echo=lambda line: None)
    whole = time.perf_counter() - started
    if not outcome.success:
        sys.exit(outcome.failure_message())
    with psycopg.connect(airflow_metadata_url(url)) as conn:
        first, last, tasks = conn.execute(
            "select min(start_date), max(end_date), count(*) from task_instance"
            " where dag_id = 'capaian_nightly' and run_id = %s and task_id like %s",
            (outcome.run_id, DBT_GROUP + "%"),
        ).fetchone()
    return (last - first).total_seconds(), whole, tasks


# ------------------------------------------------------------------------------ main
def ranged(values: list[float], unit: str = " s") -> str:
    if len(values) == 1 or min(values) == max(values):
        return f"{values[0]:.2f}{unit}"
    return f"{min(values):.2f}-{max(values):.2f}{unit}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_900_000, help="rows for parts 1 and 2")
    parser.add_argument(
        "--airflow-rows",
        type=int,
        default=len(list(branch_offices())) * DATES * ROWS_PER_OFFICE_DATE,
        help="rows for part 3 (default: every gazetteer branch, 10 years, monthly)",
    )
    parser.add_argument("--quick", action="store_true", help="100,000 rows for parts 1 and 2")
    parser.add_argument("--repeat", type=int, default=2, help="measurements of each kind")
    parser.add_argument("--skip-airflow", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args()
    rows = 100_000 if args.quick else args.rows
    server = warehouse_url()
    table: list[tuple[str, str, str]] = []
    notes: list[str] = []

    with tempfile.TemporaryDirectory(prefix="bench_dbt_") as tmp:
        workdir = Path(tmp)
        inbox = workdir / "inbox"
        for folder in ("branch_reports", "news"):
            (inbox / folder).mkdir(parents=True)

        if not args.skip_scale:
            url = create_database(server, prefix="capaian_bench")
            try:
                print(f"part 1-2: preparing {rows:,} rows ...", flush=True)
                capaian(url, "setup", inbox=inbox)
                loaded, offices = load_rows(url, rows, workdir)
                target = workdir / "target_scale"
                dbt(url, target, "parse")
                dbt(url, target, "seed")
                added = add_synthetic_offices(url, offices)
                notes.append(
                    f"{loaded:,} staging rows, {offices:,} offices ({added:,} synthetic ones "
                    "added to dbt_seeds.office_gazetteer after `dbt seed`)"
                )
                full, incremental, fct_full, fct_incremental = [], [], [], []
                inside_full, inside_incremental, checks = [], [], []
                # What the nightly's build runs (no unit tests), without the seed (see above).
                selection = ("--exclude", "resource_type:seed", NIGHTLY_EXCLUDES)
                for run in range(args.repeat):
                    seconds, results = dbt(url, target, "build", *selection, "--full-refresh")
                    full.append(seconds)
                    inside_full.append(results.get("elapsed_time", 0.0))
                    fct_full.append(node_seconds(results, "fct_attainment"))
                    print(f"  full build {run + 1}: {seconds:.1f} s ({slowest_nodes(results)})")
                    seconds, results = dbt(url, target, "build", *selection)
                    incremental.append(seconds)
                    inside_incremental.append(results.get("elapsed_time", 0.0))
                    fct_incremental.append(node_seconds(results, "fct_attainment"))
                    print(
                        f"  no-change incremental build {run + 1}: {seconds:.1f} s"
                        f" ({slowest_nodes(results)})",
                        flush=True,
                    )
                    checks.append(nightly_change_check(url))
                    print(f"  nightly's change check {run + 1}: {checks[-1]:.2f} s", flush=True)
                marts_rows = row_count(url, "marts_build.fct_attainment")
                notes.append(f"marts_build.fct_attainment: {marts_rows:,} rows")
                ratios = [i / f for f, i in zip(full, incremental, strict=True)]
                nightly_ratios = [c / f for f, c in zip(full, checks, strict=True)]
                table += [
                    (f"full dbt build, {rows:,} rows", ranged(full), ""),
                    ("incremental dbt build, nothing new", ranged(incremental), ""),
                    ("  / full", ranged([r * 100 for r in ratios], " %"), ""),
                    ("nightly's build step, nothing new (dbt not run)", ranged(checks), ""),
                    (
                        "  / full",
                        ranged([r * 100 for r in nightly_ratios], " %"),
                        "goal <= 10 %: " + ("met" if max(nightly_ratios) <= 0.10 else "NOT met"),
                    ),
                    ("  of it dbt's own run (no start-up), full", ranged(inside_full), ""),
                    (
                        "  of it dbt's own run (no start-up), nothing new",
                        ranged(inside_incremental),
                        "",
                    ),
                    ("  fct_attainment model alone, full", ranged(fct_full), ""),
                    ("  fct_attainment model alone, nothing new", ranged(fct_incremental), ""),
                ]
            finally:
                drop_database(url)

        if not args.skip_airflow:
            url = create_database(server, prefix="capaian_bench")
            try:
                print(f"part 3: preparing {args.airflow_rows:,} rows ...", flush=True)
                capaian(url, "setup", inbox=inbox)
                load_rows(url, args.airflow_rows, workdir)
                target = workdir / "target_airflow"
                dbt(url, target, "build", "--exclude", NIGHTLY_EXCLUDES)  # warm-up, snapshot made
                airflow_dbt_span(url, inbox)  # warm-up: Airflow run, Cosmos caches
                bare, span, whole = [], [], []
                tasks = 0
                for run in range(args.repeat):
                    reset_watermark(url)
                    seconds, _ = dbt(url, target, "build", "--exclude", NIGHTLY_EXCLUDES)
                    bare.append(seconds)
                    reset_watermark(url)
                    dbt_span, run_seconds, tasks = airflow_dbt_span(url, inbox)
                    span.append(dbt_span)
                    whole.append(run_seconds)
                    print(
                        f"  bare dbt build {run + 1}: {seconds:.1f} s;"
                        f" Airflow dbt span {dbt_span:.1f} s ({tasks} tasks),"
                        f" whole nightly {run_seconds:.1f} s",
                        flush=True,
                    )
                ratios = [s / b for b, s in zip(bare, span, strict=True)]
                table += [
                    (f"bare dbt build, {args.airflow_rows:,} rows", ranged(bare), ""),
                    (f"Airflow dbt span ({tasks} Cosmos tasks)", ranged(span), ""),
                    (
                        "Airflow dbt span / bare dbt build",
                        ranged(ratios, "x"),
                        "goal <= 1.5x: " + ("met" if max(ratios) <= 1.5 else "NOT met"),
                    ),
                    ("whole nightly run (airflow dags test)", ranged(whole), ""),
                ]
            finally:
                drop_database(url)

    print()
    width = max(len(name) for name, _, _ in table)
    for name, value, verdict in table:
        print(f"{name:<{width}}  {value:>14}  {verdict}")
    for note in notes:
        print(f"- {note}")


if __name__ == "__main__":
    main()
