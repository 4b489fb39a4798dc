"""What each part of the typed staging table costs PostgreSQL's COPY, step by step.

The load benchmark (``bench_branch_report_load.py --floor``) shows that psql ``\\copy`` of the
loader's rows into ``staging.branch_report_rows`` is much slower than psql's ``\\copy`` of the
same file into an untyped table, which is the yardstick of the speed goal. This benchmark says
where that time goes. psql loads the same rows into a ladder of tables, each rung adding one
thing the staging table has, the last rung being the migrated staging table itself:

1. the file's eight columns as text (the load benchmark's yardstick);
2. each row also carries its file id and line reference (ten text columns);
3. the file id as an integer and report_date as a date;
4. target, realization and reported_pct as numeric;
5. loaded_at, stamped by its default;
6. the BRIN index on (file_id, loaded_at): ``staging.branch_report_rows`` as migrated;

and, for reference only, the staging table UNLOGGED (what writing the rows to PostgreSQL's
write-ahead log costs), and the loader's own storing of the file's bytes in ``raw``. Every rung
gets a fresh database and a checkpoint first; rungs alternate within each repeat, and the
medians are printed with each rung's cost over the one before.

    .venv/bin/python benchmarks/bench_staging_copy_costs.py [--rows 1000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from bench_branch_report_load import prepare_loader_copy_data, time_storing_file_bytes

from capaian.branch_reports import CANONICAL_COLUMNS
from capaian.warehouse.connection import normalise_url, warehouse_url
from capaian.warehouse.embedded import postgres_bin_dir
from capaian.warehouse.migrations import migrate
from capaian.warehouse.scratch import scratch_database

STAGING_COPY_COLUMNS = "file_id, line_ref, " + ", ".join(CANONICAL_COLUMNS)


def _table(file_id: str, report_date: str, number: str, extra: str = "") -> str:
    return (
        f"create table ladder (file_id {file_id}, line_ref text, report_date {report_date},"
        " office_code text, office_name text, segment text, metric text,"
        f" target {number}, realization {number}, reported_pct {number}{extra})"
    )


# (label, set-up SQL, table copied into, True: the loader's COPY data, False: the file)
RUNGS = [
    (
        "1. eight text columns (the untyped yardstick)",
        "create table ladder (report_date text, office_code text, office_name text,"
        " segment text, metric text, target text, realization text, reported_pct text)",
        "ladder",
        False,
    ),
    ("2. + file id and line reference", _table("text", "text", "text"), "ladder", True),
    ("3. + file id integer, date typed", _table("integer", "date", "text"), "ladder", True),
    ("4. + numbers numeric", _table("integer", "date", "numeric"), "ladder", True),
    (
        "5. + loaded_at stamped",
        _table(
            "integer",
            "date",
            "numeric",
            ", loaded_at timestamptz not null default statement_timestamp()",
        ),
        "ladder",
        True,
    ),  # fmt: skip
    ("6. + BRIN index: the staging table", "", "staging.branch_report_rows", True),
    (
        "   for reference: staging UNLOGGED",
        "create unlogged table ladder (like staging.branch_report_rows including all)",
        "ladder",
        True,
    ),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    server = normalise_url(warehouse_url())
    psql = str(postgres_bin_dir() / "psql")
    times: dict[str, list[float]] = {rung[0]: [] for rung in RUNGS}
    file_bytes: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench_canonical.csv"
        subprocess.run(
            [sys.executable, "-m", "capaian.cli", "generate", "reports", "--rows",
             str(args.rows), "--out", str(path)],
            check=True, capture_output=True,
        )  # fmt: skip
        prepared = prepare_loader_copy_data(path)
        print(f"file: {args.rows:,} rows, {path.stat().st_size / 1e6:.0f} MB (synthetic)")
        for repeat in range(args.repeat):
            for label, setup, table, loader_rows in RUNGS:
                with scratch_database(server, prefix="capaian_bench") as url:
                    migrate(url)
                    if setup:
                        subprocess.run([psql, url, "-q", "-c", setup], check=True)
                    subprocess.run([psql, url, "-q", "-c", "checkpoint"], check=True)
                    if loader_rows:
                        copy = f"\\copy {table} ({STAGING_COPY_COLUMNS}) from '{prepared}'"
                        copy += " (format csv)"
                    else:
                        copy = f"\\copy {table} from '{path}' (format csv, header)"
                    started = time.perf_counter()
                    subprocess.run([psql, url, "-q", "-c", copy], check=True)
                    times[label].append(time.perf_counter() - started)
                    check_row_count(url, table, args.rows)
            with scratch_database(server, prefix="capaian_bench") as url:
                migrate(url)
                file_bytes.append(time_storing_file_bytes(url, path))
            print(f"  repeat {repeat + 1} of {args.repeat} done", file=sys.stderr)
    report(times, statistics.median(file_bytes))


def check_row_count(url: str, table: str, rows: int) -> None:
    with psycopg.connect(url) as conn:
        [(count,)] = conn.execute(f"select count(*) from {table}").fetchall()
    if count != rows:
        raise SystemExit(f"{table}: {count} rows after the copy, expected {rows}")


def report(times: dict[str, list[float]], file_bytes: float) -> None:
    medians = {label: statistics.median(values) for label, values in times.items()}
    yardstick = medians[RUNGS[0][0]]
    staging = medians[RUNGS[-2][0]]
    print(f"  {'rung (median of the runs)':46s} {'time':>7s} {'step':>7s}  rung 1 / rung")
    previous = None
    for label, median in medians.items():
        reference = label.startswith(" ")
        base = staging if reference else previous
        step = "" if base is None else f"{median - base:+7.2f}"
        print(f"  {label:46s} {median:6.2f}s {step:>7s}  {yardstick / median:.2f}")
        if not reference:
            previous = median
    raw_label = "the file's bytes into raw (loader's code)"
    print(f"  {raw_label:46s} {file_bytes:6.2f}s")
    print(
        f"  ceiling for a loader that writes both, rung 1 / (rung 6 + raw):"
        f" {yardstick / (staging + file_bytes):.2f}"
    )
    for label, values in times.items():
        print(f"  runs of {label.strip()}: " + ", ".join(f"{v:.2f}" for v in values))


if __name__ == "__main__":
    main()
