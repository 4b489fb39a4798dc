"""``capaian warehouse verify``: do the stored files and the audit trail still agree?

Checks, reading only:
- every branch-report file kept in raw: its pieces, in ``chunk_no`` order, hash to its
  ``content_sha256`` and add up to its ``size_bytes``, numbered 0, 1, 2 ... with none missing;
- every news article kept in raw: its received text hashes to its ``content_sha256``;
- every file in raw has a ``loaded`` attempt in ``audit.load_log`` (the latest counts: a
  reprocessed file keeps its earlier attempts), whose rows add up
  (rows_read = rows_loaded + rows_rejected), whose rows_loaded is the number of the file's
  rows in staging and whose rows_rejected the number of its rows in ``audit.rejected_rows``;
- no ``loaded`` attempt names content that raw does not have, and no staging row names a file
  that raw does not have.

A file's pieces are read a few at a time, so verifying needs no more memory for a big file
than for a small one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import psycopg

# Pieces fetched per round trip: 8,000-byte pieces (migration 0015), so about 1 MB.
_PIECES_PER_FETCH = 128


@dataclass
class Verification:
    branch_report_files: int = 0
    news_articles: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def files(self) -> int:
        return self.branch_report_files + self.news_articles

    def summary(self) -> str:
        if self.problems:
            return f"{len(self.problems)} problem(s) in {self.files} files"
        return (
            f"verified {self.files} files ({self.branch_report_files} branch reports, "
            f"{self.news_articles} news articles): bytes match their hashes, rows match the "
            "load log"
        )


def verify_warehouse(conn: psycopg.Connection) -> Verification:
    found = Verification()
    _verify_branch_report_bytes(conn, found)
    _verify_branch_report_rows(conn, found)
    _verify_news_articles(conn, found)
    conn.rollback()  # read only: end the transaction the reads opened
    return found


def _verify_branch_report_bytes(conn, found: Verification) -> None:
    files = conn.execute(
        "select content_sha256, file_name, size_bytes from raw.branch_report_files order by file_id"
    ).fetchall()
    for sha, name, size in files:
        found.branch_report_files += 1
        digest = hashlib.sha256()
        stored = 0
        expected_piece = 0
        gaps = []
        for chunk_no, data in _pieces(conn, sha):
            if chunk_no != expected_piece:
                gaps.append(f"{expected_piece}..{chunk_no - 1}")
            expected_piece = chunk_no + 1
            digest.update(data)
            stored += len(data)
        where = f"raw.branch_report_files {name!r} (content_sha256 {sha})"
        if gaps:
            found.problems.append(f"{where}: pieces missing: {', '.join(gaps)}")
        if digest.hexdigest() != sha:
            found.problems.append(
                f"{where}: its stored bytes hash to {digest.hexdigest()}, not its content_sha256"
            )
        if stored != size:
            found.problems.append(f"{where}: {stored} bytes stored, size_bytes says {size}")


def _pieces(conn, sha: str) -> Iterator[tuple[int, bytes]]:
    with conn.cursor(name="verify_pieces") as cursor:
        cursor.itersize = _PIECES_PER_FETCH
        cursor.execute(
            "select chunk_no, data from raw.branch_report_file_chunks"
            " where content_sha256 = %s order by chunk_no",
            (sha,),
        )
        for chunk_no, data in cursor:
            yield chunk_no, bytes(data)


def _verify_branch_report_rows(conn, found: Verification) -> None:
    rows = conn.execute(
        """
        with last_load as (
            select distinct on (content_sha256) content_sha256, load_id, rows_read,
                   rows_loaded, rows_rejected
            from audit.load_log
            where status = 'loaded'
            order by content_sha256, load_id desc
        ),
        staged as (
            select file_id, count(*) as n from staging.branch_report_rows group by file_id
        ),
        rejected as (
            select load_id, count(*) as n from audit.rejected_rows group by load_id
        )
        select files.file_name, files.content_sha256, last_load.load_id,
               last_load.rows_read, last_load.rows_loaded, last_load.rows_rejected,
               coalesce(staged.n, 0), coalesce(rejected.n, 0)
        from raw.branch_report_files as files
        left join last_load using (content_sha256)
        left join staged using (file_id)
        left join rejected on rejected.load_id = last_load.load_id
        order by files.file_id
        """
    ).fetchall()
    for name, sha, load_id, read, loaded, rejected, staged, rejected_rows in rows:
        where = f"{name!r} (content_sha256 {sha})"
        if load_id is None:
            found.problems.append(f"{where}: in raw, but audit.load_log has no loaded attempt")
            continue
        where += f", audit.load_log load_id {load_id}"
        if read != loaded + rejected:
            found.problems.append(
                f"{where}: rows_read {read} is not rows_loaded {loaded} + rows_rejected {rejected}"
            )
        if staged != loaded:
            found.problems.append(f"{where}: {staged} rows in staging, rows_loaded says {loaded}")
        if rejected_rows != rejected:
            found.problems.append(
                f"{where}: {rejected_rows} rows in audit.rejected_rows,"
                f" rows_rejected says {rejected}"
            )
    for name, sha, load_id in conn.execute(
        "select distinct on (content_sha256) file_name, content_sha256, load_id"
        " from audit.load_log as log where status = 'loaded' and not exists"
        " (select from raw.branch_report_files as files"
        "  where files.content_sha256 = log.content_sha256)"
        " order by content_sha256, load_id desc"
    ):
        found.problems.append(
            f"{name!r} (content_sha256 {sha}): audit.load_log load_id {load_id} says it was"
            " loaded, but raw does not have it"
        )
    for file_id, count in conn.execute(
        "select file_id, count(*) from staging.branch_report_rows as staged where not exists"
        " (select from raw.branch_report_files as files where files.file_id = staged.file_id)"
        " group by file_id order by file_id"
    ):
        found.problems.append(
            f"staging.branch_report_rows: {count} rows of file_id {file_id}, which raw does"
            " not have"
        )


def _verify_news_articles(conn, found: Verification) -> None:
    # Hashed by the server: an article's text is never fetched for this.
    for doc_id, source_name, sha, actual in conn.execute(
        "select doc_id, source_name, content_sha256,"
        " encode(sha256(convert_to(received_body, 'UTF8')), 'hex')"
        " from raw.news_articles order by content_sha256"
    ):
        found.news_articles += 1
        if actual != sha:
            found.problems.append(
                f"raw.news_articles {doc_id!r} from {source_name!r} (content_sha256 {sha}):"
                f" its stored text hashes to {actual}, not its content_sha256"
            )
