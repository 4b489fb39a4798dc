"""Synthetic branch reports in the canonical CSV format, made deterministically from a seed.

The offices are the real ones of the gazetteer; every figure is invented. Files are written
row by row, so a million-row benchmark file takes no more memory than a ten-row sample.

Figures are shaped like real ones: each office has a yearly target per segment and metric;
the realization grows month by month towards (and sometimes past) it; the ``ALL`` segment is
the sum of the segments; some rows carry the percentage as the branch would have written it.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from capaian.branch_reports.canonical import CANONICAL_COLUMNS
from capaian.gazetteer import Office, branch_offices, reporting_branches

# Rough scale of a branch's yearly target per segment: persons for participants, rupiah for
# contributions. Employers are reported for the office as a whole (segment ALL).
_PARTICIPANT_SCALE = {"PU": 60_000, "BPU": 20_000, "JAKON": 15_000, "PMI": 800}
SEGMENTS = tuple(_PARTICIPANT_SCALE)  # every segment but ALL
_RUPIAH_PER_PARTICIPANT = {"PU": 2_400_000, "BPU": 200_000, "JAKON": 150_000, "PMI": 370_000}
_EMPLOYER_SCALE = 2_500


# Every office and as-of date gives this many rows: 4 segments x 2 metrics, plus ALL for
# participants, contributions and employers.
ROWS_PER_OFFICE_DATE = len(SEGMENTS) * 2 + 3
# Fixed, not "last year": the same seed must give the same file on any day.
DEFAULT_FIRST_YEAR = 2016
DEFAULT_LAST_YEAR = 2025


def as_of_dates(first_year: int, last_year: int, per_year: int) -> list[date]:
    """Month-ends spread evenly over each year, always including 31 December."""
    if not 1 <= per_year <= 12 or 12 % per_year:
        raise ValueError("as-of dates per year must divide 12 (1, 2, 3, 4, 6 or 12)")
    step = 12 // per_year
    dates = []
    for year in range(first_year, last_year + 1):
        for month in range(step, 13, step):
            next_month = date(year + (month == 12), month % 12 + 1, 1)
            dates.append(next_month - timedelta(days=1))
    return dates


def offices_for(count: int) -> list[Office]:
    """The branches that send reports first, then the gazetteer's other branches, then as many
    synthetic offices as needed."""
    reporting = reporting_branches()
    real = [*reporting, *(o for o in branch_offices() if o not in reporting)]
    synthetic = [
        Office(f"SYN-{i:04d}", f"Sintetis {i:04d}", "branch", "Sintetis", "Sintetis", ())
        for i in range(1, max(0, count - len(real)) + 1)
    ]
    return (real + synthetic)[:count]


def generate_rows(
    rows: int,
    seed: int = 42,
    first_year: int = DEFAULT_FIRST_YEAR,
    last_year: int = DEFAULT_LAST_YEAR,
    as_of_per_year: int = 12,
) -> Iterator[tuple[str, ...]]:
    """Yield ``rows`` canonical rows (as text), unique on (report_date, office, segment, metric).

    Enough offices are taken to hold ``rows`` within the years asked for; rows come in date
    order, office by office.
    """
    if rows < 0:
        raise ValueError("rows must be zero or more")
    dates = as_of_dates(first_year, last_year, as_of_per_year)
    office_count = max(1, -(-rows // (len(dates) * ROWS_PER_OFFICE_DATE)))
    offices = offices_for(office_count)
    rng = random.Random(seed)
    targets: dict[tuple[str, int, str], int] = {}
    emitted = 0
    for as_of in dates:
        progress = as_of.month / 12
        for office in offices:
            if emitted >= rows:
                return
            for row in _office_rows(office, as_of, progress, seed, rng, targets):
                yield row
                emitted += 1
                if emitted >= rows:
                    return


def _office_rows(office, as_of, progress, seed, rng, targets) -> Iterator[tuple[str, ...]]:
    # The office's size and targets depend only on the seed, office and year, so every as-of
    # date of a year reports the same target.
    office_rng = random.Random(f"{seed}:{office.code}:{as_of.year}")
    size = 0.5 + office_rng.random() * 1.5
    figures = []
    for segment in SEGMENTS:
        key = (office.code, as_of.year, segment)
        if key not in targets:
            spread = 0.8 + office_rng.random() * 0.4
            targets[key] = int(_PARTICIPANT_SCALE[segment] * size * spread)
        target = targets[key]
        realization = int(target * progress * (0.85 + rng.random() * 0.35))
        rupiah = _RUPIAH_PER_PARTICIPANT[segment]
        paid = int(realization * rupiah * (0.9 + rng.random() * 0.2))
        figures.append((segment, "participants", target, realization))
        figures.append((segment, "contributions", target * rupiah, paid))
    for metric in ("participants", "contributions"):
        of_metric = [(t, r) for _, m, t, r in figures if m == metric]
        figures.append(("ALL", metric, sum(t for t, _ in of_metric), sum(r for _, r in of_metric)))
    employers = int(_EMPLOYER_SCALE * size)
    figures.append(
        ("ALL", "employers", employers, int(employers * progress * (0.9 + rng.random() * 0.2)))
    )
    for segment, metric, target, realization in figures:
        # Some branches write the percentage; they round it as people do.
        reported = f"{realization / target * 100:.2f}" if rng.random() < 0.3 else ""
        yield (
            as_of.isoformat(),
            office.code,
            office.name,
            segment,
            metric,
            str(target),
            str(realization),
            reported,
        )


def write_canonical_csv(out: Path, rows: int, seed: int = 42, **options) -> int:
    """Write ``rows`` synthetic rows to ``out``; returns the number written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(CANONICAL_COLUMNS)
        for row in generate_rows(rows, seed=seed, **options):
            writer.writerow(row)
            written += 1
    return written
