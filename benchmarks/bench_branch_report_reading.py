"""How much of a branch-report load is Capaian's own Python: reading without a database.

Writes a SYNTHETIC canonical CSV with ``capaian generate reports`` and reads it the way the
loader does (``copy_batches``: checked, turned into COPY data, key hashes collected), but sends
the data nowhere. Prints wall and CPU time per million rows; with ``--profile``, the functions
that take the time. Compare with ``bench_branch_report_load.py``: when this time is close to
the loader's, the loader waits on Python, not on PostgreSQL.

    .venv/bin/python benchmarks/bench_branch_report_reading.py [--rows 1000000] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

from capaian.branch_reports import read_branch_report
from capaian.branch_reports.generator import write_canonical_csv


def read_like_the_loader(path: Path) -> int:
    reading = read_branch_report(path)
    for _batch in reading.copy_batches(b"1,"):
        pass  # the loader hands each batch to its COPY thread here
    return reading.counts.rows_accepted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench_canonical.csv"
        write_canonical_csv(path, args.rows)
        size_mb = path.stat().st_size / 1e6
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(read_like_the_loader, path)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
            return
        started, started_cpu = time.perf_counter(), time.process_time()
        accepted = read_like_the_loader(path)
        wall, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    per_million = 1e6 / args.rows
    print(
        f"{args.rows:,} rows ({size_mb:.0f} MB, {accepted:,} accepted): {wall:.2f} s wall,"
        f" {cpu:.2f} s CPU; per million rows {wall * per_million:.2f} s wall,"
        f" {cpu * per_million:.2f} s CPU"
    )


if __name__ == "__main__":
    main()
