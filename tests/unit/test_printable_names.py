"""File names with control characters print on one line, escaped, wherever a result is shown."""

from capaian.branch_reports.loading import FileLoadResult
from capaian.news.articles import ArticleRejected
from capaian.news.loading import NewsLoadResult
from capaian.printable import printable


def test_control_characters_are_escaped_and_nothing_else():
    assert printable("kc\npadang.csv") == "kc\\npadang.csv"
    assert printable("a\r\tb\x1b[31m\x7f\x85.csv") == "a\\r\\tb\\x1b[31m\\x7f\\x85.csv"
    assert printable("laporan\u2028\u202eVSC.xlsx") == "laporan\\u2028\\u202eVSC.xlsx"
    assert printable("Kantor Cabang Banda Aceh — Mei é 2025.csv") == (
        "Kantor Cabang Banda Aceh — Mei é 2025.csv"
    )
    assert printable("a\udcffb.csv") == "a\\udcffb.csv"  # a non-UTF-8 byte in the name


def test_a_file_result_with_a_newline_in_its_name_is_one_line():
    loaded = FileLoadResult("kc\npadang.csv", "loaded", rows_read=2, rows_loaded=2, layout="x")
    assert loaded.describe().splitlines() == [
        "kc\\npadang.csv: 2 rows read, 2 loaded, 0 rejected (layout x)"
    ]
    failed = FileLoadResult("a\nb.csv", "failed", message="a\nb.csv: not a CSV")
    assert failed.describe() == "a\\nb.csv: NOT LOADED: a\\nb.csv: not a CSV"
    duplicate = FileLoadResult("a\rb.csv", "duplicate", message="same bytes as a.csv")
    assert len(duplicate.describe().splitlines()) == 1


def test_news_results_with_a_newline_in_a_name_stay_on_their_lines():
    rejected = ArticleRejected("feed\n.jsonl", "its sidecar x\n.meta.json is not valid JSON", 3)
    assert (
        rejected.describe() == "feed\\n.jsonl line 3: its sidecar x\\n.meta.json is not valid JSON"
    )
    result = NewsLoadResult("feed\n.jsonl", items=["new: x\ny"])
    assert result.describe().splitlines() == [
        "feed\\n.jsonl: 0 new articles (0 facts), 0 already loaded, 0 rejected",
        "  new: x\\ny",
    ]


def test_the_nightly_summary_names_a_failed_file_on_its_line():
    from capaian.orchestration.tasks.nightly import summarize

    branch = {
        "files": 1,
        "loaded": 0,
        "already_loaded": 0,
        "failed": ["bad\nname.csv"],
        "rows_loaded": 0,
        "rows_rejected": 0,
    }
    news = {"files": 0, "articles_new": 0, "facts": 0, "rejected": 0}
    text = summarize("r", branch, news, {}, None, None, {"report": "x"})
    assert "files not loaded (see audit.load_log): bad\\nname.csv" in text.splitlines()[-1]
