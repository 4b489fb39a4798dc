"""Settling what waits for review: reviewers' decisions and retracted branch reports.

What waits is dbt's to say (``marts.mart_review_queue``, built from the review list and the
unresolved offices); this module reads it for ``capaian review list`` and records decisions
in ``audit.review_decisions`` and withdrawals in ``audit.retracted_files``. dbt applies both at
the next build, full refresh included; nothing is ever deleted, so the audit keeps who decided
what, when and why.
"""

from __future__ import annotations

import getpass
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation

import psycopg

from capaian import definitions
from capaian.gazetteer import Office, offices

QUEUE = "marts.mart_review_queue"
COLUMNS = (
    "item_id", "item_kind", "office", "segment", "metric", "measure", "value", "year",
    "evidence", "reason", "source_ref", "url", "figure_count",
)  # fmt: skip


class ReviewError(Exception):
    """A decision cannot be recorded; the message says why and what to do."""


@dataclass(frozen=True)
class ReviewItem:
    item_id: str
    item_kind: str
    office: str | None
    segment: str | None
    metric: str | None
    measure: str | None
    value: Decimal | None
    year: int | None
    evidence: str | None
    reason: str
    source_ref: str | None
    url: str | None
    figure_count: int

    def as_json(self) -> dict:
        """The fields `review list --format jsonl` gives; ``id`` and ``kind`` as named there."""
        data = asdict(self)
        data["id"] = data.pop("item_id")
        data["kind"] = data.pop("item_kind")
        data["value"] = None if self.value is None else str(self.value)
        return data


@dataclass(frozen=True)
class Corrections:
    office: str | None = None
    value: Decimal | None = None
    year: int | None = None
    segment: str | None = None
    metric: str | None = None


def reviewer() -> str:
    """Who decides: the operating-system user running the command."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def waiting_items(conn: psycopg.Connection) -> tuple[list[ReviewItem], int]:
    """The items waiting for a person as last published, without those decided since (the
    next build applies them); and how many such decisions wait for that build."""
    (published,) = conn.execute("select to_regclass(%s) is not null", (QUEUE,)).fetchone()
    if not published:
        return [], 0
    rows = conn.execute(
        f"select {', '.join(COLUMNS)} from {QUEUE} as q"
        " order by item_kind, source_ref nulls last, item_id"
    ).fetchall()
    decided = {
        item_id
        for (item_id,) in conn.execute(
            "select distinct item_id from audit.review_decisions where item_id = any(%s)",
            ([row[0] for row in rows],),
        )
    }
    items = [ReviewItem(*row) for row in rows if row[0] not in decided]
    return items, len(decided)


def find_office(name_or_code: str) -> Office:
    """A gazetteer office by its code, name or an alias (case aside)."""
    wanted = " ".join(name_or_code.split()).lower()
    matches = {
        office
        for office in offices()
        if wanted in {office.code.lower(), office.name.lower(), *map(str.lower, office.aliases)}
    }
    if len(matches) == 1:
        return matches.pop()
    if matches:
        codes = ", ".join(sorted(o.code for o in matches))
        raise ReviewError(f"{name_or_code!r} names several offices ({codes}): give a code")
    raise ReviewError(
        f"{name_or_code!r} is not a gazetteer office: give an office code or name from"
        " dbt_project/seeds/office_gazetteer.csv"
    )


def parse_corrections(
    office: str | None, value: str | None, year: int | None, segment: str | None, metric: str | None
) -> Corrections:
    amount = None
    if value is not None:
        try:
            amount = Decimal(value.replace("_", ""))
        except InvalidOperation:
            raise ReviewError(f"--value {value!r} is not a number (write 21500 or 96.97)") from None
        if not amount.is_finite() or amount < 0:
            raise ReviewError(f"--value {value!r} must be a number of zero or more")
    if segment is not None and segment.upper() not in definitions.segments():
        choices = ", ".join(definitions.segments())
        raise ReviewError(f"--segment {segment!r} is not one of {choices}")
    if metric is not None and metric.lower() not in definitions.metrics():
        choices = ", ".join(definitions.metrics())
        raise ReviewError(f"--metric {metric!r} is not one of {choices}")
    if year is not None and not definitions.first_year() <= year <= 2100:
        raise ReviewError(f"--year {year} is outside {definitions.first_year()}-2100")
    return Corrections(
        office=find_office(office).name if office else None,
        value=amount,
        year=year,
        segment=segment.upper() if segment else None,
        metric=metric.lower() if metric else None,
    )


def _queued(conn: psycopg.Connection, item_id: str) -> ReviewItem:
    items, _ = waiting_items(conn)
    for item in items:
        if item.item_id == item_id:
            return item
    (decided,) = conn.execute(
        "select count(*) from audit.review_decisions where item_id = %s", (item_id,)
    ).fetchone()
    if decided:
        raise ReviewError(
            f"{item_id} was decided already; the next build applies it (a new decision about"
            " it needs it to be waiting again)"
        )
    raise ReviewError(f"{item_id} is not waiting for review: see `capaian review list`")


def _require_why(why: str) -> str:
    if not why or not why.strip():
        raise ReviewError("--why must say why (it is kept with the decision)")
    return why.strip()


def accept(conn: psycopg.Connection, item_id: str, corrections: Corrections, why: str) -> None:
    item = _queued(conn, item_id)
    if item.item_kind != "news_fact":
        raise ReviewError(
            f"{item_id} is an office name: map it to a gazetteer office with"
            f" `capaian review map-office {item.office!r} CODE --why ...`"
        )
    conn.execute(
        "insert into audit.review_decisions (item_id, action, office, value, year, segment,"
        " metric, why, decided_by) values (%s, 'accept', %s, %s, %s, %s, %s, %s, %s)",
        (item_id, corrections.office, corrections.value, corrections.year, corrections.segment,
         corrections.metric, _require_why(why), reviewer()),
    )  # fmt: skip


def reject(conn: psycopg.Connection, item_id: str, why: str) -> None:
    item = _queued(conn, item_id)
    if item.item_kind != "news_fact":
        raise ReviewError(f"{item_id} is an office name: there is nothing to reject")
    conn.execute(
        "insert into audit.review_decisions (item_id, action, why, decided_by)"
        " values (%s, 'reject', %s, %s)",
        (item_id, _require_why(why), reviewer()),
    )


def map_office(conn: psycopg.Connection, name: str, code: str, why: str) -> Office:
    """Map an office name as sources write it to a gazetteer office, for every figure."""
    name = " ".join(name.split())
    try:
        known = find_office(name)
    except ReviewError:
        known = None
    if known is not None:
        raise ReviewError(f"{name!r} is already the gazetteer office {known.code} ({known.name})")
    office = find_office(code)
    items, _ = waiting_items(conn)
    queued = [i.item_id for i in items if i.item_kind == "office_name" and
              (i.office or "").lower() == name.lower()]  # fmt: skip
    conn.execute(
        "insert into audit.review_decisions (item_id, action, office_name, office_code, why,"
        " decided_by) values (%s, 'map_office', %s, %s, %s, %s)",
        (queued[0] if queued else f"office-name:{name.lower()}", name, office.code,
         _require_why(why), reviewer()),
    )  # fmt: skip
    return office


def retract_file(conn: psycopg.Connection, file: str, why: str) -> tuple[str, str]:
    """Withdraw a loaded branch report, by its file name (the latest load of that name) or
    its content SHA-256; returns (file name, sha256)."""
    row = conn.execute(
        "select file_name, content_sha256 from raw.branch_report_files"
        " where content_sha256 = %s or file_name = %s order by received_at desc limit 1",
        (file.lower(), file),
    ).fetchone()
    if row is None:
        raise ReviewError(
            f"{file!r} is not a loaded branch report: give its file name or content SHA-256"
            " (audit.load_log lists them)"
        )
    name, sha = row
    inserted = conn.execute(
        "insert into audit.retracted_files (content_sha256, file_name, why, retracted_by)"
        " values (%s, %s, %s, %s) on conflict (content_sha256) do nothing",
        (sha, name, _require_why(why), reviewer()),
    ).rowcount
    if not inserted:
        raise ReviewError(f"{name} was retracted already")
    return name, sha
