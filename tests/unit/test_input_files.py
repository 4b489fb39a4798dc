"""Only regular files inside their folder are read, nothing blocks, and a change is noticed.

Each test makes its own hostile files: links leading out of the inbox to a fake secret, FIFOs,
sockets, directories, devices, feed lines over the limit. No warehouse needed.
"""

from __future__ import annotations

import os
import socket
import threading
import tracemalloc
from pathlib import Path

import pytest

from capaian.branch_reports import loading as branch_reports
from capaian.input_files import RefusedFile, open_input_file
from capaian.news import articles as news_articles
from capaian.news import loading as news
from capaian.news.articles import Article, ArticleRejected, read_news_items

SECRET = "JWT-SECRET-d41d8cd98f00b204"


@pytest.fixture
def places(tmp_path) -> tuple[Path, Path]:
    """An inbox folder and, beside it, a folder with a secret in it."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    private = tmp_path / "private-dir-9f86d081"
    private.mkdir()
    (private / "jwt_secret").write_text(
        f"report_date,office_code\n{SECRET},{SECRET}\n", encoding="utf-8"
    )
    return inbox, private


def refusal(path: Path) -> str:
    with pytest.raises(RefusedFile) as caught:
        open_input_file(path)
    return caught.value.reason


def test_a_regular_file_is_read(tmp_path):
    path = tmp_path / "cabang.csv"
    path.write_bytes(b"abc\n")
    with open_input_file(path) as opened:
        assert opened.handle.read() == b"abc\n"
        assert opened.size == 4
        assert opened.unchanged()


def test_a_link_leading_out_of_its_folder_is_refused_naming_neither_target_nor_content(places):
    inbox, private = places
    link = inbox / "cabang.csv"
    link.symlink_to(private / "jwt_secret")

    reason = refusal(link)

    assert "symbolic link" in reason and "outside" in reason
    assert SECRET not in reason and private.name not in reason and "jwt_secret" not in reason


def test_a_relative_link_climbing_out_and_a_chain_of_links_are_refused(places):
    inbox, private = places
    (inbox / "naik.csv").symlink_to(Path("..") / private.name / "jwt_secret")
    (inbox / "tengah.csv").symlink_to(private / "jwt_secret")
    (inbox / "rantai.csv").symlink_to("tengah.csv")  # inside, but leads on to the secret

    for name in ("naik.csv", "rantai.csv"):
        assert "outside" in refusal(inbox / name)


def test_a_link_to_a_file_inside_the_inbox_is_read(places):
    inbox, _ = places
    (inbox / "arsip").mkdir()
    (inbox / "arsip" / "juni.csv").write_bytes(b"isi\n")
    (inbox / "juni.csv").symlink_to(Path("arsip") / "juni.csv")

    with open_input_file(inbox / "juni.csv") as opened:
        assert opened.handle.read() == b"isi\n"
        assert opened.unchanged()


def test_a_dangling_link_is_refused(places):
    inbox, _ = places
    (inbox / "hilang.csv").symlink_to("tidak-ada.csv")
    assert "to nothing" in refusal(inbox / "hilang.csv")


def test_a_fifo_is_refused_without_waiting_for_a_writer(places):
    inbox, _ = places
    fifo = inbox / "pipa.csv"
    os.mkfifo(fifo)
    (inbox / "ke-pipa.csv").symlink_to("pipa.csv")

    outcome: list[str] = []
    worker = threading.Thread(
        target=lambda: outcome.extend([refusal(fifo), refusal(inbox / "ke-pipa.csv")]),
        daemon=True,
    )
    worker.start()
    worker.join(timeout=10)

    assert not worker.is_alive(), "opening a FIFO blocked"
    assert "FIFO" in outcome[0] and "FIFO" in outcome[1]


def test_a_directory_a_socket_and_a_device_are_refused(places, tmp_path):
    inbox, _ = places
    (inbox / "laporan.csv").mkdir()
    assert "a directory" in refusal(inbox / "laporan.csv")

    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(inbox / "soket.csv"))
        assert "a socket" in refusal(inbox / "soket.csv")
    finally:
        server.close()

    assert "a character device" in refusal(Path("/dev/null"))


def test_the_inbox_listing_offers_every_name_so_that_each_refusal_is_recorded(places):
    inbox, private = places
    (inbox / "laporan.csv").mkdir()
    os.mkfifo(inbox / "pipa.csv")
    (inbox / "tautan.csv").symlink_to(private / "jwt_secret")
    (inbox / ".tersembunyi.csv").write_bytes(b"x")
    (inbox / "catatan.md").write_bytes(b"x")

    names = [p.name for p in branch_reports.inbox_files(inbox)]

    assert names == ["laporan.csv", "pipa.csv", "tautan.csv"]
    (inbox / "berita.txt").symlink_to(private / "jwt_secret")
    assert [p.name for p in news.inbox_files(inbox)] == ["berita.txt"]


def test_a_file_that_grows_or_is_replaced_is_noticed(tmp_path):
    path = tmp_path / "cabang.csv"
    path.write_bytes(b"a\n")
    with open_input_file(path) as opened:
        with path.open("ab") as handle:
            handle.write(b"b\n")
        assert not opened.unchanged()

    with open_input_file(path) as opened:
        replacement = tmp_path / "baru.csv"
        replacement.write_bytes(b"a\nb\n")
        replacement.replace(path)  # the same size, under the same name: another file
        assert not opened.unchanged()


def test_a_news_link_leading_out_is_one_rejection_without_its_content(places):
    inbox, private = places
    (inbox / "berita.txt").symlink_to(private / "jwt_secret")

    items = list(read_news_items(inbox / "berita.txt"))

    assert len(items) == 1 and isinstance(items[0], ArticleRejected)
    assert "outside" in items[0].reason
    assert SECRET not in items[0].describe() and private.name not in items[0].describe()


def test_a_sidecar_that_is_a_link_out_or_a_fifo_is_refused(places):
    inbox, private = places
    (inbox / "berita.txt").write_text("BPJS Ketenagakerjaan mencatat 19.300 peserta.\n")
    (inbox / "berita.meta.json").symlink_to(private / "jwt_secret")
    (inbox / "kedua.txt").write_text("BPJS Ketenagakerjaan mencatat 19.300 peserta.\n")
    os.mkfifo(inbox / "kedua.meta.json")

    first = list(read_news_items(inbox / "berita.txt"))
    second = list(read_news_items(inbox / "kedua.txt"))

    assert isinstance(first[0], ArticleRejected) and "outside" in first[0].reason
    assert SECRET not in first[0].describe()
    assert isinstance(second[0], ArticleRejected) and "FIFO" in second[0].reason


def feed_line(doc_id: str, text: str) -> str:
    return (
        f'{{"id": "{doc_id}", "url": "https://example.test/{doc_id}", '
        f'"published_at": "2024-07-01", "text": "{text}"}}\n'
    )


def test_a_feed_line_of_21_mb_is_refused_with_its_line_number(tmp_path):
    feed = tmp_path / "umpan.jsonl"
    good = "BPJS Ketenagakerjaan Cabang Salemba mencatat 19.300 peserta."
    with feed.open("w", encoding="utf-8") as handle:
        handle.write(feed_line("satu", good))
        handle.write(feed_line("besar", "x" * (21 * 1024 * 1024)))
        handle.write(feed_line("tiga", good + " Lagi."))

    items = list(read_news_items(feed))

    assert [type(item) for item in items] == [Article, ArticleRejected, Article]
    assert items[1].source_line == 2 and "longer than 20 MB" in items[1].reason
    assert items[1].item_sha256  # the same line read again is the same rejection
    assert items[2].source_line == 3 and items[2].doc_id == "tiga"


def test_a_line_over_the_limit_is_never_held_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(news_articles, "MAX_ARTICLE_BYTES", 64 * 1024)
    feed = tmp_path / "umpan.jsonl"
    with feed.open("w", encoding="utf-8") as handle:
        handle.write(feed_line("besar", "y" * (16 * 1024 * 1024)))
        handle.write(feed_line("kecil", "BPJS Ketenagakerjaan mencatat 19.300 peserta."))

    tracemalloc.start()
    try:
        items = list(read_news_items(feed))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert isinstance(items[0], ArticleRejected) and items[0].source_line == 1
    assert isinstance(items[1], Article) and items[1].source_line == 2
    # The limit's worth and a piece of the line being skipped, not the 16 MB line.
    assert peak < 4 * 1024 * 1024, peak


def test_a_text_file_over_the_limit_is_refused_without_being_read_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(news_articles, "MAX_ARTICLE_BYTES", 1000)
    path = tmp_path / "panjang.txt"
    path.write_text("kata " * 1000, encoding="utf-8")

    (item,) = read_news_items(path)

    assert isinstance(item, ArticleRejected) and "larger than" in item.reason
