"""Time the reader on a generated canonical CSV (SYNTHETIC data). Not a test; run by hand:

PYTHONPATH=src python tests/unit/branch_reports/bench_canonical_speed.py [rows] [--profile]
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from capaian.branch_reports import read_branch_report

SEGMENTS = ("PU", "BPU", "JAKON", "PMI", "ALL")
METRICS = ("participants", "contributions", "employers")


def write_canonical_csv(path: Path, rows: int) -> None:
    """Unique keys: dates x offices x segments x metrics, cycling."""
    combos = len(SEGMENTS) * len(METRICS)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("report_date,office_code,office_name,segment,metric,target,realization,"
                  "reported_pct\n")  # fmt: skip
        for i in range(rows):
            office, combo = divmod(i, combos)
            segment = SEGMENTS[combo % len(SEGMENTS)]
            metric = METRICS[combo // len(SEGMENTS)]
            month = 1 + office % 12
            code = 1000 + office // 12
            target = 10000 + (i * 7919) % 90000
            realization = target * 7 // 10
            out.write(
                f"2023-{month:02d}-28,{code},KC Sintetis {code},{segment},{metric},"
                f"{target},{realization}.5,{realization * 100 / target:.2f}\n"
            )


def main() -> None:
    rows = int(next((a for a in sys.argv[1:] if a.isdigit()), 1_000_000))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big_canonical.csv"
        write_canonical_csv(path, rows)
        size_mb = path.stat().st_size / 1e6
        if "--profile" in sys.argv:
            import cProfile

            cProfile.runctx("list(read_branch_report(path).rows())", globals(), locals(),
                            sort="tottime")  # fmt: skip
            return
        started, started_cpu = time.perf_counter(), time.process_time()
        reading = read_branch_report(path)
        accepted = sum(1 for outcome in reading.rows() if outcome.row is not None)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - started_cpu  # less disturbed by other busy processes
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # Linux: KB
        print(
            f"{rows:,} rows ({size_mb:.0f} MB): "
            f"{elapsed:.2f} s wall, {rows / elapsed:,.0f} rows/s; "
            f"{cpu:.2f} s CPU, {rows / cpu:,.0f} rows/s; "
            f"{accepted:,} accepted, peak RSS {peak_mb:.0f} MB"
        )


if __name__ == "__main__":
    main()
