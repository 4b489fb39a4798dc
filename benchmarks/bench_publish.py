"""How long publishing takes, against the marts' size: it should not grow with it.

Publishing swaps the tables dbt built in ``marts_build`` with those BI reads in ``marts_live``
and re-points the ``marts`` views (capaian/marts/publish.py). For each size, on a throwaway database
of the warehouse server in use (CAPAIAN_WAREHOUSE_URL, else the embedded one): a table shaped
like ``fct_attainment`` (16 columns) with that many SYNTHETIC rows plus three small marts is
built in ``marts_build`` and published, twice, so that the second publish swaps both ways as
every night after the first does; then the second kind is timed ``--repeat`` times.

    .venv/bin/python benchmarks/bench_publish.py [--rows 1000 1900000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import time

import psycopg

from capaian.marts.publish import publish_marts
from capaian.warehouse.connection import warehouse_url
from capaian.warehouse.migrations import migrate
from capaian.warehouse.scratch import scratch_database

FACT = """
create table marts_build.fct_attainment as
select 'SYN-' || (g %% 1440) as office_code, 'Kantor ' || (g %% 1440) as office_name,
       'branch'::text as office_level, 'Region ' || (g %% 11) as region_name,
       (array['ALL', 'PU', 'BPU', 'JAKON', 'PMI'])[1 + g %% 5] as segment,
       'participants'::text as metric, 2016 + g %% 10 as year,
       date '2016-01-31' + (g %% 3650) as as_of_date, (g * 7)::numeric as target,
       (g * 5)::numeric as realization, 71.4286::numeric as attainment_pct,
       null::numeric as reported_pct, null::numeric as pct_gap,
       'branch_report'::text as source_kind, 'file_' || (g %% 500) || '.csv' as source_ref,
       false as is_approximate
from generate_series(1, %s) as g
"""
SMALL_MARTS = ("dim_segment", "dim_metric", "dim_office")


def build(url: str, rows: int, build_id: str) -> None:
    """What a dbt build leaves: the tables in marts_build, and the build recorded as waiting
    for its publish (dbt's on-run-end hook)."""
    with psycopg.connect(url) as conn:
        conn.execute("create schema if not exists marts_build")
        for table in ("fct_attainment", *SMALL_MARTS):
            conn.execute(f"drop table if exists marts_build.{table}")
        conn.execute(FACT, (rows,))
        for table in SMALL_MARTS:
            conn.execute(f"create table marts_build.{table} as select 1 as id")
        conn.execute(
            "insert into audit.mart_generations (schema_name, watermark, build_id)"
            " values ('marts_build', now(), %s) on conflict (schema_name) do update"
            " set build_id = excluded.build_id, published_at = null",
            (build_id,),
        )


def publish_seconds(server: str, rows: int, repeat: int) -> list[float]:
    seconds = []
    with scratch_database(server, prefix="capaian_bench") as url:
        migrate(url)
        build(url, rows, "first")
        publish_marts(url)
        for run in range(repeat):
            build(url, rows, f"run-{run}")
            started = time.perf_counter()
            publish_marts(url)
            seconds.append(time.perf_counter() - started)
        with psycopg.connect(url) as conn:
            (published,) = conn.execute("select count(*) from marts.fct_attainment").fetchone()
        if published != rows:
            raise SystemExit(f"published {published:,} rows, built {rows:,}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000, 1_900_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    server = warehouse_url()
    medians = {}
    for rows in args.rows:
        seconds = sorted(publish_seconds(server, rows, args.repeat))
        medians[rows] = seconds[len(seconds) // 2]
        print(
            f"publish, fct_attainment of {rows:>9,} rows: median {medians[rows] * 1000:.0f} ms"
            f" (range {seconds[0] * 1000:.0f}-{seconds[-1] * 1000:.0f} ms)",
            flush=True,
        )
    smallest, largest = min(medians), max(medians)
    print(
        f"largest / smallest: {medians[largest] / medians[smallest]:.2f}"
        f" ({largest:,} rows against {smallest:,})"
    )


if __name__ == "__main__":
    main()
