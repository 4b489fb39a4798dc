"""Load news articles into the warehouse and extract their attainment facts.

Inputs, from the news inbox or the command line:
- ``NAME.txt``: plain text; an optional sidecar ``NAME.meta.json`` gives url, publisher and
  published_at (see ``../shared/news/CONTRACT.md``);
- ``NAME.html``: a saved web page; its main text is taken with trafilatura (menus,
  comments and ads left out) and the page itself is kept as received;
- ``NAME.jsonl``: a feed, one article a line with ``id``, ``url``, ``title``,
  ``published_at`` and ``text``.

Every item is accounted for: an article is stored in ``raw.news_articles`` once per content,
whatever its name, with status ``facts``, ``no_facts`` or ``extraction_failed``; each file or
feed line it arrived as is noted in ``raw.news_article_arrivals`` (so the same article under
two names is one article with two arrivals); an item that is not an article at all (empty,
binary, a broken feed line) is recorded in ``audit.news_rejections`` with why; what was wrong
with an article that was kept all the same (a date that cannot be right) is a notice in
``audit.news_notices``. Two different articles never share a ``doc_id``: the second to claim
one gets it with a short hash of its content appended. Loading the same items again changes
nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import psycopg

from capaian.input_files import is_candidate
from capaian.news.articles import Article, ArticleRejected, read_news_items
from capaian.news.extract import EXTRACTOR_VERSION, extract_facts
from capaian.printable import printable
from capaian.warehouse.connection import connect
from capaian.warehouse.staging_writes import lock_staging_for_writing

log = logging.getLogger(__name__)

NEWS_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")

FACT_COLUMNS = (
    "content_sha256",
    "fact_index",
    "doc_id",
    "office",
    "office_level",
    "segment",
    "metric",
    "participant_kind",
    "measure",
    "value",
    "unit",
    "year",
    "approximate",
    "evidence",
    "start_offset",
    "end_offset",
    "extractor_version",
    "confidence",
    "review",
)


@dataclass
class NewsLoadResult:
    """What became of each item of one input file."""

    source_name: str
    articles_new: int = 0
    articles_known: int = 0  # already in raw.news_articles (this name or another)
    facts: int = 0
    rejected: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # what was wrong with articles kept
    items: list[str] = field(default_factory=list)  # one line per item, in the file's order

    def describe(self) -> str:
        # An item line can quote a name or a feed's text: each stays on its own line.
        text = (
            f"{printable(self.source_name)}: {self.articles_new} new articles "
            f"({self.facts} facts), {self.articles_known} already loaded, "
            f"{len(self.rejected)} rejected"
        )
        for item in self.items:
            text += f"\n  {printable(item)}"
        return text


def inbox_files(folder: Path) -> list[Path]:
    """News names in the inbox folder, in name order (hidden ones ignored). Whatever a name
    turns out to be, it is offered to the reader, which refuses what is not a regular file
    inside the inbox and records why (ingest/input_files)."""
    if not folder.exists():
        return []
    return sorted(p for p in folder.iterdir() if is_candidate(p, NEWS_SUFFIXES))


def load_files(paths: Iterable[Path], run_id: str, url: str | None = None) -> list[NewsLoadResult]:
    results = []
    with connect(url) as conn:
        for path in paths:
            result = NewsLoadResult(Path(path).name)
            for item in read_news_items(Path(path)):
                _load_item(conn, item, run_id, result)
            results.append(result)
    return results


def _load_item(conn, item: Article | ArticleRejected, run_id: str, result: NewsLoadResult) -> None:
    """One item, one transaction: a bad article never undoes the good ones nor stops the rest."""
    try:
        if isinstance(item, ArticleRejected):
            _record_rejection(conn, item, run_id, result)
        else:
            _load_article(conn, item, run_id, result)
        conn.commit()
    except (psycopg.DataError, psycopg.IntegrityError) as exc:
        # Content PostgreSQL refuses (it should not happen after reading, but if it does the
        # item is still accounted for). A lost connection is not caught: the task retries.
        conn.rollback()
        log.warning("%s could not be stored: %s", _where(item), exc)
        rejected = ArticleRejected(
            item.source_name, f"could not be stored: {exc}".strip(), item.source_line
        )
        _record_rejection(conn, rejected, run_id, result)
        conn.commit()


def _load_article(conn, article: Article, run_id: str, result: NewsLoadResult) -> None:
    sha = hashlib.sha256(article.received_body.encode("utf-8")).hexdigest()
    if _already_stored(conn, sha, article, run_id, result):
        _record_notices(conn, sha, article, run_id, result)
        return
    facts, status = _extract(article)
    # Extraction happens outside the lock; another loader may have stored the same article
    # meanwhile, so look again once it is held.
    lock_staging_for_writing(conn)
    if _already_stored(conn, sha, article, run_id, result):
        _record_notices(conn, sha, article, run_id, result)
        return
    # Decided under the lock, so two loaders cannot both take a free doc_id.
    doc_id = _free_doc_id(conn, article.doc_id, sha)
    if doc_id != article.doc_id:
        article = replace(article, doc_id=doc_id)
        facts = [{**fact, "doc_id": doc_id} for fact in facts]
    conn.execute(
        "insert into raw.news_articles (content_sha256, doc_id, source_name, source_line, url,"
        " publisher, published_at, published_at_guessed, title, received_body, article_text,"
        " status, load_run_id) values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (
            sha,
            article.doc_id,
            article.source_name,
            article.source_line,
            article.url,
            article.publisher,
            article.published_at,
            article.published_at_guessed,
            article.title,
            article.received_body,
            article.text,
            status,
            run_id,
        ),
    )
    _record_arrival(conn, sha, article, run_id)
    _record_notices(conn, sha, article, run_id, result)
    with conn.cursor().copy(
        f"copy staging.news_facts ({', '.join(FACT_COLUMNS)}) from stdin"
    ) as copy:
        for row in _fact_rows(sha, facts):
            copy.write_row(row)
    result.articles_new += 1
    result.facts += len(facts)
    result.items.append(
        f"{_where(article)}: loaded as {article.doc_id}, {status} ({len(facts)} facts)"
    )


def _already_stored(conn, sha: str, article: Article, run_id: str, result) -> bool:
    """True (and the arrival noted) when an article with this content is stored already."""
    known = conn.execute(
        "select doc_id from raw.news_articles where content_sha256 = %s", (sha,)
    ).fetchone()
    if not known:
        return False
    result.articles_known += 1
    new_name = _record_arrival(conn, sha, article, run_id)
    result.items.append(
        f"{_where(article)}: duplicate of article {known[0]}, not stored again"
        if new_name
        else f"{_where(article)}: already loaded"
    )
    return True


def _free_doc_id(conn, doc_id: str, sha: str) -> str:
    """``doc_id``, or where another article holds it already, ``doc_id`` and the first hex
    digits of this article's content hash: the report lists articles by doc_id, and two feed
    lines with the same ``id`` (or two files with the same name in different folders) are
    still two articles. Stable: an article already stored keeps the doc_id it was stored as."""
    candidate = doc_id
    for length in (8, 16, 64):
        taken = conn.execute(
            "select 1 from raw.news_articles where doc_id = %s and content_sha256 <> %s limit 1",
            (candidate, sha),
        ).fetchone()
        if not taken:
            return candidate
        candidate = f"{doc_id}-{sha[:length]}"
    return candidate


def _record_notices(conn, sha: str, article: Article, run_id: str, result) -> None:
    for notice in article.notices:
        log.warning("%s", printable(notice))
        conn.execute(
            "insert into audit.news_notices (content_sha256, source_name, source_line, notice,"
            " run_id) values (%s, %s, %s, %s, %s) on conflict do nothing",
            (sha, article.source_name, article.source_line or 0, notice, run_id),
        )
        result.notices.append(notice)
        result.items.append(f"notice: {notice}")


def _where(item: Article | ArticleRejected) -> str:
    return item.source_name + (f" line {item.source_line}" if item.source_line else "")


def _extract(article: Article) -> tuple[list[dict], str]:
    """The article's facts and its status; an extractor failure never loses the article."""
    try:
        # A date guessed from the text is the text's own: the extractor reads the text itself.
        facts = extract_facts(article.text, article.doc_id, article.metadata_date)
    except Exception:  # noqa: BLE001 - any extractor bug: keep the article, say so, go on
        log.exception("extractor failed on %s (%s)", article.doc_id, article.source_name)
        return [], "extraction_failed"
    return facts, "facts" if facts else "no_facts"


def _record_arrival(conn, sha: str, article: Article, run_id: str) -> bool:
    """Note the file or feed line the article came as; False when it was already noted."""
    inserted = conn.execute(
        "insert into raw.news_article_arrivals"
        " (content_sha256, source_name, source_line, doc_id, first_run_id)"
        " values (%s, %s, %s, %s, %s) on conflict do nothing",
        (sha, article.source_name, article.source_line or 0, article.doc_id, run_id),
    )
    return inserted.rowcount == 1


def _fact_rows(sha: str, facts: list[dict]) -> Iterator[tuple]:
    for index, fact in enumerate(facts):
        yield (
            sha,
            index,
            fact["doc_id"],
            fact["office"],
            fact["office_level"],
            fact["segment"],
            fact["metric"],
            fact.get("participant_kind"),
            fact["measure"],
            fact["value"],
            fact["unit"],
            fact["year"],
            bool(fact.get("approximate")),
            fact["evidence"],
            fact["start"],
            fact["end"],
            EXTRACTOR_VERSION,
            fact["confidence"],
            fact["review"],
        )


def _record_rejection(conn, item: ArticleRejected, run_id: str, result: NewsLoadResult) -> None:
    """Record why the item is not an article, once: the same bad item read again is a no-op."""
    conn.execute(
        "insert into audit.news_rejections (source_name, source_line, reason, run_id,"
        " item_sha256) values (%s, %s, %s, %s, %s) on conflict do nothing",
        (item.source_name, item.source_line, item.reason, run_id, item.item_sha256),
    )
    result.rejected.append(item.describe())
    result.items.append(f"rejected: {item.describe()}")


def facts_as_jsonl(
    paths: Iterable[Path], on_rejected: Callable[[str], None] | None = None
) -> Iterator[str]:
    """The facts of the given files as JSON Lines, without touching the warehouse.

    Items that are not articles are reported to ``on_rejected`` (standard error by default), so
    that a file without output is never a mystery.
    """
    report = on_rejected or (lambda message: print(f"rejected: {message}", file=sys.stderr))
    content_of: dict[str, str] = {}  # doc_id -> the content that has it, as the loader keeps
    for path in paths:
        for item in read_news_items(Path(path)):
            if isinstance(item, ArticleRejected):
                report(item.describe())
                continue
            sha = hashlib.sha256(item.received_body.encode("utf-8")).hexdigest()
            doc_id = item.doc_id
            if content_of.setdefault(doc_id, sha) != sha:
                doc_id = f"{item.doc_id}-{sha[:8]}"
                content_of.setdefault(doc_id, sha)
            for fact in extract_facts(item.text, doc_id, item.metadata_date):
                yield json.dumps(fact, ensure_ascii=False)
