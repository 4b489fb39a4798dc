"""Hostile and unlucky inbox files against a real warehouse: nothing leaks, nothing blocks,
nothing is stored wrongly, and ``capaian warehouse verify`` says when something is.

Each test makes its own files in tmp_path: a link leading out of the inbox to a fake secret,
a FIFO, a directory named like a report, a file that changes while it loads, a feed line over
the limit. Commands run as subprocesses (with a timeout) against a fresh, migrated database.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from capaian.branch_reports import loading as branch_reports
from capaian.input_files import CHANGED_WHILE_LOADING
from capaian.news import loading as news

pytestmark = pytest.mark.integration

HEADER = "report_date,office_code,office_name,segment,metric,target,realization,reported_pct\n"
ROWS = [
    f"2024-06-30,{code},KC Jakarta Salemba,PU,participants,152000,106368,69.98\n"
    for code in (1101, 1102, 1103)
]
SECRET = "BI-PASSWORD-7c4a8d09ca3762af"
ARTICLE = (
    "Jakarta - BPJS Ketenagakerjaan Cabang Jakarta Salemba mencatat 19.300 peserta baru"
    " sepanjang 2024."
)


def capaian(url: str, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "capaian.cli", *args],
        env={**os.environ, "CAPAIAN_WAREHOUSE_URL": url},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def query(url: str, sql: str, params=()) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def everything_stored(url: str) -> str:
    """Every row of every table Capaian writes, as text (bytea shows as hex)."""
    tables = query(
        url,
        "select table_schema, table_name from information_schema.tables"
        " where table_schema in ('raw', 'staging', 'audit') and table_type = 'BASE TABLE'",
    )
    return "\n".join(
        str(row)
        for schema, table in tables
        for row in query(url, f"select * from {schema}.{table}")
    )


@pytest.fixture
def places(tmp_path) -> tuple[Path, Path]:
    """An inbox (branch_reports/ and news/) and, beside it, a folder holding a secret written
    like a branch report and an article, so that a reader following a link would take it in."""
    inbox = tmp_path / "inbox"
    (inbox / "branch_reports").mkdir(parents=True)
    (inbox / "news").mkdir()
    private = tmp_path / "private-dir-5e884898"
    private.mkdir()
    (private / "bi_password.csv").write_text(
        HEADER + f"{SECRET},{SECRET},{SECRET},PU,participants,1,1,1\n", encoding="utf-8"
    )
    (private / "bi_password.txt").write_text(f"{ARTICLE} Kata sandi: {SECRET}\n", encoding="utf-8")
    return inbox, private


def assert_no_leak(text: str, private: Path) -> None:
    for leaked in (SECRET, SECRET.encode().hex(), private.name, "bi_password"):
        assert leaked not in text


def test_a_link_out_of_the_inbox_is_refused_and_its_secret_is_stored_and_shown_nowhere(
    migrated_db, places, caplog
):
    inbox, private = places
    reports, articles = inbox / "branch_reports", inbox / "news"
    (reports / "cabang.csv").symlink_to(private / "bi_password.csv")
    (articles / "berita.txt").symlink_to(private / "bi_password.txt")
    (articles / "lain.txt").write_text(ARTICLE + "\n", encoding="utf-8")
    (articles / "lain.meta.json").symlink_to(private / "bi_password.txt")

    cli_reports = capaian(migrated_db, "ingest", "reports", str(reports / "cabang.csv"))
    cli_news = capaian(
        migrated_db, "ingest", "news", str(articles / "berita.txt"), str(articles / "lain.txt")
    )
    with caplog.at_level(logging.DEBUG):
        # What the DAGs do: list the inbox, load what it lists, log each result.
        for result in branch_reports.load_files(
            branch_reports.inbox_files(reports), "dag-run", url=migrated_db
        ):
            logging.getLogger("test").info(result.describe())
        for result in news.load_files(news.inbox_files(articles), "dag-run", url=migrated_db):
            logging.getLogger("test").info(result.describe())

    assert cli_reports.returncode == 1, cli_reports.stderr
    assert "cabang.csv: NOT LOADED: a symbolic link to something outside its folder" in (
        cli_reports.stdout
    )
    assert "berita.txt: a symbolic link to something outside its folder" in cli_news.stdout
    assert "its sidecar lain.meta.json is a symbolic link" in cli_news.stdout
    for shown in (cli_reports.stdout, cli_reports.stderr, cli_news.stdout, cli_news.stderr):
        assert_no_leak(shown, private)
    assert_no_leak(caplog.text, private)
    assert_no_leak(everything_stored(migrated_db), private)
    assert query(migrated_db, "select count(*) from raw.branch_report_files") == [(0,)]
    assert query(migrated_db, "select count(*) from raw.news_articles") == [(0,)]
    statuses = query(migrated_db, "select file_name, status from audit.load_log order by load_id")
    assert statuses == [("cabang.csv", "failed"), ("cabang.csv", "failed")]
    assert {
        name for (name,) in query(migrated_db, "select source_name from audit.news_rejections")
    } == {"berita.txt", "lain.txt"}


def test_a_fifo_given_to_ingest_is_refused_and_the_command_finishes(migrated_db, tmp_path):
    fifo = tmp_path / "pipa.csv"
    os.mkfifo(fifo)
    good = tmp_path / "cabang.csv"
    good.write_text(HEADER + ROWS[0], encoding="utf-8")
    news_fifo = tmp_path / "pipa.jsonl"
    os.mkfifo(news_fifo)

    # No writer ever opens the FIFOs: a reader that opened them would wait forever.
    run = capaian(migrated_db, "ingest", "reports", str(fifo), str(good), timeout=60)
    run_news = capaian(migrated_db, "ingest", "news", str(news_fifo), timeout=60)

    assert run.returncode == 1, run.stderr
    assert "pipa.csv: NOT LOADED: a FIFO (named pipe), not a regular file" in run.stdout
    assert "cabang.csv: 1 rows read, 1 loaded, 0 rejected" in run.stdout
    assert query(
        migrated_db, "select status, message from audit.load_log where file_name = 'pipa.csv'"
    ) == [("failed", "a FIFO (named pipe), not a regular file")]
    assert run_news.returncode == 0, run_news.stderr
    assert query(migrated_db, "select source_name, reason from audit.news_rejections") == [
        ("pipa.jsonl", "a FIFO (named pipe), not a regular file")
    ]


def test_a_directory_named_like_a_report_is_refused_with_a_reason(migrated_db, places):
    inbox, _ = places
    folder = inbox / "branch_reports" / "laporan-juni.csv"
    folder.mkdir()
    (folder / "isi.csv").write_text(HEADER + ROWS[0], encoding="utf-8")

    run = capaian(migrated_db, "ingest", "reports", str(folder))
    [result] = branch_reports.load_files(
        branch_reports.inbox_files(inbox / "branch_reports"), "dag-run", url=migrated_db
    )

    assert run.returncode == 1, run.stderr
    assert "laporan-juni.csv: NOT LOADED: a directory, not a regular file" in run.stdout
    assert result.status == "failed" and result.message == "a directory, not a regular file"
    assert query(migrated_db, "select count(*) from audit.load_log where status = 'failed'") == [
        (2,)
    ]
    assert query(migrated_db, "select count(*) from staging.branch_report_rows") == [(0,)]


def staged_count(url: str) -> int:
    return query(url, "select count(*) from staging.branch_report_rows")[0][0]


def kept_bytes(url: str) -> list[bytes]:
    files = query(url, "select content_sha256 from raw.branch_report_files order by file_id")
    return [
        b"".join(
            bytes(data)
            for (data,) in query(
                url,
                "select data from raw.branch_report_file_chunks where content_sha256 = %s"
                " order by chunk_no",
                (sha,),
            )
        )
        for (sha,) in files
    ]


def test_a_file_appended_to_while_it_loads_is_rolled_back_and_loads_once_next_run(
    migrated_db, tmp_path, monkeypatch
):
    path = tmp_path / "cabang.csv"
    path.write_text(HEADER + ROWS[0] + ROWS[1], encoding="utf-8")
    read_the_report = branch_reports.read_branch_report

    def appended_after_hashing(target, layout=None):
        # The branch's export is still being written: a row arrives after the file was
        # hashed, before it is parsed and kept.
        with Path(target).open("a", encoding="utf-8") as handle:
            handle.write(ROWS[2])
        return read_the_report(target, layout)

    monkeypatch.setattr(branch_reports, "read_branch_report", appended_after_hashing)
    [first] = branch_reports.load_files([path], "run-1", url=migrated_db)
    monkeypatch.setattr(branch_reports, "read_branch_report", read_the_report)

    assert first.status == "failed" and first.message == CHANGED_WHILE_LOADING
    assert f"cabang.csv: NOT LOADED: {CHANGED_WHILE_LOADING}" == first.describe()
    assert staged_count(migrated_db) == 0
    assert query(migrated_db, "select count(*) from raw.branch_report_files") == [(0,)]

    [second] = branch_reports.load_files([path], "run-2", url=migrated_db)
    [third] = branch_reports.load_files([path], "run-3", url=migrated_db)

    assert (second.status, second.rows_loaded) == ("loaded", 3)
    assert third.status == "duplicate"
    assert staged_count(migrated_db) == 3
    assert kept_bytes(migrated_db) == [path.read_bytes()]
    assert capaian(migrated_db, "warehouse", "verify").returncode == 0


def test_bytes_rewritten_in_place_with_the_same_size_and_time_are_not_stored(
    migrated_db, tmp_path, monkeypatch
):
    path = tmp_path / "cabang.csv"
    path.write_text(HEADER + ROWS[0], encoding="utf-8")
    before = path.stat()
    original = branch_reports.store_file_bytes

    def rewritten_before_storing(conn, source, sha):
        # Same length, same modification time: only the bytes themselves tell.
        with path.open("r+b") as handle:
            handle.seek(len(HEADER))
            handle.write(b"2024-06-29")
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        return original(conn, source, sha)

    monkeypatch.setattr(branch_reports, "store_file_bytes", rewritten_before_storing)
    [result] = branch_reports.load_files([path], "run-1", url=migrated_db)
    monkeypatch.setattr(branch_reports, "store_file_bytes", original)

    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert result.status == "failed" and result.message == CHANGED_WHILE_LOADING
    assert query(migrated_db, "select count(*) from raw.branch_report_file_chunks") == [(0,)]
    assert staged_count(migrated_db) == 0

    [again] = branch_reports.load_files([path], "run-2", url=migrated_db)
    assert (again.status, again.rows_loaded) == ("loaded", 1)
    assert kept_bytes(migrated_db) == [path.read_bytes()]


@pytest.fixture
def loaded_warehouse(migrated_db, tmp_path) -> str:
    first = tmp_path / "cabang.csv"
    first.write_text(HEADER + ROWS[0] + ROWS[1] + ROWS[2].replace("106368", "banyak"))
    big = tmp_path / "besar.csv"
    # Several pieces of raw (8,000 bytes each).
    big.write_text(
        HEADER
        + "".join(
            f"2024-06-30,{1000 + n},KC Nomor {n},PU,participants,152000,106368,69.98\n"
            for n in range(600)
        )
    )
    article = tmp_path / "berita.txt"
    article.write_text(ARTICLE + "\n", encoding="utf-8")
    assert capaian(migrated_db, "ingest", "reports", str(first), str(big)).returncode == 0
    assert capaian(migrated_db, "ingest", "news", str(article)).returncode == 0
    return migrated_db


def test_verify_passes_on_a_good_warehouse(loaded_warehouse):
    run = capaian(loaded_warehouse, "warehouse", "verify")

    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("verified 3 files (2 branch reports, 1 news articles)")
    assert len(run.stdout.splitlines()) == 1


def test_verify_names_the_file_whose_stored_piece_was_corrupted(loaded_warehouse):
    with psycopg.connect(loaded_warehouse) as conn:
        conn.execute(
            "update raw.branch_report_file_chunks set data = overlay(data placing 'X' from 10)"
            " where chunk_no = 1 and content_sha256 ="
            " (select content_sha256 from raw.branch_report_files where file_name = 'besar.csv')"
        )

    run = capaian(loaded_warehouse, "warehouse", "verify")

    assert run.returncode == 1
    [problem] = [line for line in run.stdout.splitlines() if "besar.csv" in line]
    assert "its stored bytes hash to" in problem and "not its content_sha256" in problem
    assert "cabang.csv" not in run.stdout
    assert run.stdout.splitlines()[-1] == "1 problem(s) in 3 files"


def test_verify_says_where_staging_rejected_rows_and_the_load_log_disagree(loaded_warehouse):
    with psycopg.connect(loaded_warehouse) as conn:
        conn.execute(
            "delete from staging.branch_report_rows where ctid in (select ctid from"
            " staging.branch_report_rows where file_id = (select file_id from"
            " raw.branch_report_files where file_name = 'cabang.csv') limit 1)"
        )
        conn.execute("delete from audit.rejected_rows where file_name = 'cabang.csv'")
        conn.execute(
            "delete from raw.branch_report_file_chunks where chunk_no = 2 and content_sha256 ="
            " (select content_sha256 from raw.branch_report_files where file_name = 'besar.csv')"
        )
        conn.execute("update raw.news_articles set received_body = received_body || ' '")

    run = capaian(loaded_warehouse, "warehouse", "verify")

    assert run.returncode == 1
    out = run.stdout
    assert "'cabang.csv'" in out and "1 rows in staging, rows_loaded says 2" in out
    assert "0 rows in audit.rejected_rows, rows_rejected says 1" in out
    assert "'besar.csv'" in out and "pieces missing: 2..2" in out
    assert "raw.news_articles 'berita'" in out and "its stored text hashes to" in out


def test_a_feed_line_of_21_mb_is_refused_with_its_line_number(migrated_db, tmp_path):
    feed = tmp_path / "umpan.jsonl"
    with feed.open("w", encoding="utf-8") as handle:
        handle.write(f'{{"id": "satu", "text": "{ARTICLE}"}}\n')
        handle.write('{"id": "besar", "text": "' + "x" * (21 * 1024 * 1024) + '"}\n')
        handle.write(f'{{"id": "tiga", "text": "{ARTICLE} Lagi."}}\n')

    run = capaian(migrated_db, "ingest", "news", str(feed))
    again = capaian(migrated_db, "ingest", "news", str(feed))

    assert run.returncode == 0, run.stderr
    assert "umpan.jsonl line 2: the line is longer than 20 MB" in run.stdout
    assert query(
        migrated_db, "select source_name, source_line, reason from audit.news_rejections"
    ) == [("umpan.jsonl", 2, "the line is longer than 20 MB, the limit for an article")]
    assert query(migrated_db, "select doc_id from raw.news_articles order by doc_id") == [
        ("satu",),
        ("tiga",),
    ]
    assert "2 already loaded, 1 rejected" in again.stdout
    assert query(migrated_db, "select count(*) from audit.news_rejections") == [(1,)]
