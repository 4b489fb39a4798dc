"""What the five seed articles (real, in ../shared) must give in the marts, checked the same
way after a dbt build (``marts_build``) and after the nightly publishes (``marts``)."""

import json
from decimal import Decimal

from shared_articles import SHARED

SEEDS = SHARED / "news" / "seeds"
GOLD = SHARED / "news" / "gold" / "seed_facts.jsonl"
MEASURE_COLUMN = {
    "target": "target",
    "realization": "realization",
    "attainment_pct": "reported_pct",
}
# The two real discrepancies of the seeds: Pekalongan's 2019 contributions published as 108 %
# while 146,309 / 137,956 is 106.05 %, and Banten's 2018 as 36 % while the ratio is 32.6 %.
REAL_DISCREPANCIES = [
    (
        "KC-PEKALONGAN",
        "ALL",
        "contributions",
        2019,
        "reported_pct_mismatch",
        108,
        Decimal("106.05"),
    ),
    ("KW-BANTEN", "ALL", "contributions", 2018, "reported_pct_mismatch", 36, Decimal("32.61")),
]


def missing_seed_figures(conn, schema: str) -> list[tuple]:
    """Each required gold figure not published in ``schema.fct_attainment`` under its office
    (or an office the gold accepts for it: "Kalimantan Barat" for the Pontianak branch's
    figures of the province)."""
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    offices = dict(conn.execute(f"select lower(office_name), office_code from {schema}.dim_office"))
    missing = []
    for fact in gold:
        if fact.get("optional"):
            continue
        names = [fact["office"], *fact.get("office_aliases", [])]
        codes = [offices[name.lower()] for name in names if name.lower() in offices]
        assert codes, f"no gazetteer office for {names}"
        column = MEASURE_COLUMN[fact["measure"]]
        values = [
            row[0]
            for row in conn.execute(
                f"select {column} from {schema}.fct_attainment where office_code = any(%s)"
                " and segment = %s and metric = %s and year = %s and source_kind = 'news'"
                " and split_part(source_ref, ' ', 1) = %s",
                (codes, fact["segment"], fact["metric"], fact["year"], fact["doc_id"]),
            )
            if row[0] is not None
        ]
        expected = Decimal(str(fact["value"]))
        if not any(abs(v - expected) <= abs(expected) * Decimal("0.01") for v in values):
            missing.append(
                (fact["doc_id"], fact["office"], fact["segment"], fact["metric"],
                 fact["measure"], fact["year"], fact["value"], values)
            )  # fmt: skip
    return missing


def discrepancies(conn, schema: str) -> list[tuple]:
    return conn.execute(
        "select office_code, segment, metric, year, discrepancy_kind, stated_value,"
        f" round(expected_value, 2) from {schema}.mart_discrepancies order by office_code"
    ).fetchall()
