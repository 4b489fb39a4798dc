"""How fast Capaian loads a big canonical branch report, against psql's bare ``\\copy``.

In one run, on the embedded PostgreSQL (or the one ``CAPAIAN_WAREHOUSE_URL`` points at):

1. ``capaian generate reports`` writes a SYNTHETIC canonical CSV of ``--rows`` rows;
2. a throwaway database is created and migrated;
3. psql ``\\copy`` loads the file into an untyped table (eight ``text`` columns, no
   constraints): the physical limit, since it only splits lines and stores text;
4. Capaian's loader (``load_files``, the code behind the DAG and the CLI) loads the same file
   in a child process, which reports its own time and peak memory (ru_maxrss);

then prints both rates, their ratio and Capaian's peak memory, and drops the database.

With ``--floor`` it also measures, on a fresh database, psql ``\\copy`` of the loader's own
COPY data (file id, line reference and the canonical columns, prepared beforehand) into the
typed ``staging.branch_report_rows``: what storing the rows costs PostgreSQL alone, without
Capaian's Python; and the loader's own storing of the file's bytes in ``raw`` (which every load
does in the same transaction). The untyped copy's time over the sum of both is the ceiling:
no loader that keeps the file as received and writes typed staging rows can reach a higher
ratio on this machine, however fast its own code. The loader's time over that sum is
printed as ``loader / floor`` (the goal: at most 1.25).

With several ``--rows`` (e.g. ``--rows 250000 500000 1000000``) each size gets a file of its
own, which shows whether memory grows with the file; ``--repeat N`` loads each file N times
(psql and Capaian alternating, a fresh database each time) and prints every run, since a
shared machine makes single figures noisy: compare the ratios of the same run.

    .venv/bin/python benchmarks/bench_branch_report_load.py [--rows 1000000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

from capaian.branch_reports import CANONICAL_COLUMNS
from capaian.warehouse.connection import normalise_url, warehouse_url
from capaian.warehouse.embedded import postgres_bin_dir
from capaian.warehouse.migrations import migrate
from capaian.warehouse.scratch import scratch_database

UNTYPED_TABLE = (
    "create table untyped (report_date text, office_code text, office_name text, segment text,"
    " metric text, target text, realization text, reported_pct text)"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--floor", action="store_true", help="also time psql into staging")
    parser.add_argument("--child", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        load_in_this_process(*args.child)
        return

    server = normalise_url(warehouse_url())
    for rows in args.rows:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bench_canonical.csv"
            subprocess.run(
                [sys.executable, "-m", "capaian.cli", "generate", "reports", "--rows", str(rows),
                 "--out", str(path)],
                check=True, capture_output=True,
            )  # fmt: skip
            size_mb = path.stat().st_size / 1e6
            print(f"file: {rows:,} rows, {size_mb:.0f} MB (synthetic canonical CSV)")
            for _ in range(args.repeat):
                with scratch_database(server, prefix="capaian_bench") as url:
                    migrate(url)
                    psql_seconds = time_psql_copy(url, path)
                    capaian = run_loader_child(url, path)
                report(rows, psql_seconds, capaian)
                if args.floor:
                    with scratch_database(server, prefix="capaian_bench") as url:
                        migrate(url)
                        floor = time_psql_staging_copy(url, path)
                        file_bytes = time_storing_file_bytes(url, path)
                    print(
                        f"  psql \\copy of the same rows into staging: {floor:6.2f} s"
                        f"  (ratio to the untyped copy: {psql_seconds / floor:.2f})"
                    )
                    ceiling = psql_seconds / (floor + file_bytes)
                    print(
                        f"  the file's bytes into raw:                 {file_bytes:6.2f} s"
                        f"  (ceiling, untyped copy / both: {ceiling:.2f})"
                    )
                    print(
                        f"  loader / floor: {capaian['seconds'] / (floor + file_bytes):.2f}"
                        " (goal: at most 1.25)"
                    )


def report(rows: int, psql_seconds: float, capaian: dict) -> None:
    loaded = capaian["rows_loaded"]
    assert loaded == rows, f"loaded {loaded} of {rows} rows"
    psql_rate = rows / psql_seconds
    capaian_rate = rows / capaian["seconds"]
    print(f"  psql \\copy, untyped table: {psql_seconds:6.2f} s  {psql_rate:>10,.0f} rows/s")
    print(
        f"  capaian loader:             {capaian['seconds']:6.2f} s  {capaian_rate:>10,.0f} rows/s"
        f"  (peak memory {capaian['peak_mb']:.0f} MB)"
    )
    print(f"  ratio capaian/psql: {capaian_rate / psql_rate:.2f} (goal: at least 0.5)")


def time_psql_copy(url: str, path: Path) -> float:
    psql = str(postgres_bin_dir() / "psql")
    subprocess.run([psql, url, "-q", "-c", UNTYPED_TABLE], check=True)
    started = time.perf_counter()
    subprocess.run(
        [psql, url, "-q", "-c", f"\\copy untyped from '{path}' (format csv, header)"], check=True
    )
    return time.perf_counter() - started


def time_psql_staging_copy(url: str, path: Path) -> float:
    """psql \\copy of the rows as the loader sends them into the typed staging table."""
    prepared = prepare_loader_copy_data(path)
    psql = str(postgres_bin_dir() / "psql")
    subprocess.run(
        [psql, url, "-q", "-c", "insert into raw.branch_report_files (content_sha256,"
         " file_name, size_bytes) values ('x', 'x', 0)"],
        check=True,
    )  # fmt: skip
    columns = "file_id, line_ref, " + ", ".join(CANONICAL_COLUMNS)
    started = time.perf_counter()
    subprocess.run(
        [psql, url, "-q", "-c",
         f"\\copy staging.branch_report_rows ({columns}) from '{prepared}' (format csv)"],
        check=True,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    prepared.unlink()
    return seconds


def prepare_loader_copy_data(path: Path) -> Path:
    """The loader's COPY data for a canonical file (file id 1, line reference, the columns)."""
    prepared = path.with_name("loader_copy_data.csv")
    with path.open(encoding="utf-8") as source, prepared.open("w", encoding="utf-8") as out:
        next(source)  # the header
        for number, line in enumerate(source, start=2):
            out.write(f"1,line {number},{line}")
    return prepared


def time_storing_file_bytes(url: str, path: Path) -> float:
    """The loader's own code keeping the file's bytes in raw, in a transaction of its own."""
    from capaian.branch_reports.loading import store_file_bytes

    with psycopg.connect(url) as conn:
        conn.execute(
            "insert into raw.branch_report_files (content_sha256, file_name, size_bytes)"
            " values ('bytes', 'bytes', 0)"
        )
        conn.commit()
        started = time.perf_counter()
        store_file_bytes(conn, path, "bytes")
        conn.commit()
        return time.perf_counter() - started


def run_loader_child(url: str, path: Path) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", url, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def load_in_this_process(url: str, file: str) -> None:
    from capaian.branch_reports.loading import load_files

    started = time.perf_counter()
    [result] = load_files([Path(file)], run_id="benchmark", url=url)
    seconds = time.perf_counter() - started
    if result.status != "loaded":
        raise SystemExit(result.describe())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    print(json.dumps({"seconds": seconds, "rows_loaded": result.rows_loaded, "peak_mb": peak_mb}))


if __name__ == "__main__":
    main()
