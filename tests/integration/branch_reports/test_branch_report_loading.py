"""Loading branch reports into a real PostgreSQL: every file in, every row accounted for.

Each test gets a fresh, migrated database (``migrated_db``). Files are synthetic: the fixtures
in tests/fixtures/branch_reports and files written here or by ``capaian generate reports``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from capaian.branch_reports.generator import write_canonical_csv
from capaian.branch_reports.loading import RAW_PIECE_BYTES, load_files

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "branch_reports"
HEADER = "report_date,office_code,office_name,segment,metric,target,realization,reported_pct\n"
GOOD = "2024-06-30,1101,KC Jakarta Salemba,PU,participants,152000,106368,69.98\n"
STAGED = "report_date, office_code, office_name, segment, metric, target, realization, reported_pct"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def query(url: str, sql: str, params=()) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def staged_rows(url: str, file_name: str) -> list[tuple]:
    """The staging rows of one file (found through its raw record), in a stable order."""
    return query(
        url,
        f"select {STAGED} from staging.branch_report_rows s"
        " join raw.branch_report_files f using (file_id)"
        " where f.file_name = %s order by report_date, office_code, segment, metric",
        (file_name,),
    )


def log_rows(url: str, file_name: str) -> list[dict]:
    with psycopg.connect(url) as conn:
        cursor = conn.execute(
            "select * from audit.load_log where file_name = %s order by load_id", (file_name,)
        )
        names = [c.name for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def rejections(url: str, file_name: str) -> list[tuple[str, str, str]]:
    return query(
        url,
        "select line_ref, reason, raw_record from audit.rejected_rows where file_name = %s"
        " order by ctid",
        (file_name,),
    )


def load(url: str, *paths: Path, run_id: str = "test-run"):
    return load_files(list(paths), run_id, url=url)


@pytest.fixture(autouse=True)
def every_load_log_row_adds_up(migrated_db):
    """After every test: rows_read = rows_loaded + rows_rejected in every load_log row."""
    yield
    broken = query(
        migrated_db,
        "select file_name, rows_read, rows_loaded, rows_rejected from audit.load_log"
        " where rows_read <> rows_loaded + rows_rejected",
    )
    assert broken == []


# -- variants: the same staging rows as their canonical twin --------------------------------


@pytest.mark.parametrize(
    ("variant", "twin"),
    [
        ("semicolon_indonesian.csv", "canonical.csv"),
        ("utf8_bom.csv", "canonical.csv"),
        ("windows1252.csv", "canonical.csv"),
        ("embedded_newlines.csv", "canonical.csv"),
        ("wide_two_row_header.xlsx", "canonical_participants.csv"),
        ("wide_single_row_header.xlsx", "canonical_participants.csv"),
    ],
)
def test_variant_loads_to_the_same_staging_rows_as_its_canonical_twin(migrated_db, variant, twin):
    results = load(migrated_db, FIXTURES / twin, FIXTURES / variant)

    assert [r.status for r in results] == ["loaded", "loaded"]
    assert [r.rows_rejected for r in results] == [0, 0]
    twin_rows = staged_rows(migrated_db, twin)
    assert twin_rows  # not trivially equal
    assert staged_rows(migrated_db, variant) == twin_rows


def kept_bytes(url: str, file_name: str) -> bytes:
    """A file as raw keeps it: its pieces joined in order."""
    pieces = query(
        url,
        "select c.data from raw.branch_report_file_chunks c"
        " join raw.branch_report_files f using (content_sha256)"
        " where f.file_name = %s order by c.chunk_no",
        (file_name,),
    )
    return b"".join(bytes(piece) for (piece,) in pieces)


def test_a_loaded_file_is_kept_byte_for_byte_in_raw(migrated_db):
    path = FIXTURES / "windows1252.csv"
    load(migrated_db, path)

    assert kept_bytes(migrated_db, path.name) == path.read_bytes()


def test_a_file_of_many_pieces_is_kept_byte_for_byte_in_raw(migrated_db, tmp_path):
    # About 2.2 MB: more than one 1 MB read, and pieces that do not divide it evenly.
    path = tmp_path / "besar.csv"
    write_canonical_csv(path, 30_000)
    load(migrated_db, path)

    assert kept_bytes(migrated_db, path.name) == path.read_bytes()
    [(pieces,)] = query(migrated_db, "select count(*) from raw.branch_report_file_chunks")
    assert pieces == -(-path.stat().st_size // RAW_PIECE_BYTES)
    # Each piece stays in the table's own pages: nothing went out to TOAST (migration 0015).
    assert query(
        migrated_db,
        "select pg_relation_size(reltoastrelid) from pg_class"
        " where oid = 'raw.branch_report_file_chunks'::regclass",
    ) == [(0,)]


def test_load_log_records_the_attempt_in_full(migrated_db):
    load(migrated_db, FIXTURES / "canonical.csv", run_id="manual__2026-01-01")

    [entry] = log_rows(migrated_db, "canonical.csv")
    assert entry["status"] == "loaded"
    assert entry["layout"] == "canonical"
    assert len(entry["content_sha256"]) == 64
    assert (entry["rows_read"], entry["rows_loaded"], entry["rows_rejected"]) == (8, 8, 0)
    assert entry["started_at"] <= entry["finished_at"]
    assert entry["run_id"] == "manual__2026-01-01"


# -- bad input: a clear message naming file, line and field; nothing lost --------------------


def assert_one_rejection(url, path, field_and_problem: str):
    [result] = load(url, path)
    assert result.status == "loaded"
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (2, 1, 1)
    [(line_ref, reason, raw_record)] = rejections(url, path.name)
    assert line_ref == "line 3"
    assert reason.startswith(field_and_problem), reason
    assert raw_record == path.read_text(encoding="utf-8").splitlines()[2]
    [entry] = log_rows(url, path.name)
    assert (entry["rows_read"], entry["rows_loaded"], entry["rows_rejected"]) == (2, 1, 1)


BAD_LINES = {
    "words_in_number.csv": (("106368", "dua ribu"), "realization: 'dua ribu' is not a number"),
    "negative.csv": (("106368", "-5"), "realization: '-5' is negative"),
    "pct_5000.csv": (("69.98", "5000"), "reported_pct: '5000' is outside the plausible range"),
    "no_such_date.csv": (("2024-06-30", "2019-02-30"), "report_date: '2019-02-30' is not a real"),
    "unknown_segment.csv": ((",PU,", ",Nelayan,"), "segment: 'Nelayan' is not a known segment"),
}


@pytest.mark.parametrize("name", sorted(BAD_LINES))
def test_bad_value_is_rejected_with_file_line_and_field(migrated_db, tmp_path, name):
    (old, new), problem = BAD_LINES[name]
    other = GOOD.replace("1101", "1102")
    path = write(tmp_path, name, HEADER + GOOD + other.replace(old, new))

    assert_one_rejection(migrated_db, path, problem)


def test_rejected_row_is_shown_by_the_result_with_its_line(migrated_db, tmp_path):
    path = write(tmp_path, "kata.csv", HEADER + GOOD.replace("106368", "dua ribu"))

    [result] = load(migrated_db, path)

    assert result.first_rejections == [("line 2", "realization: 'dua ribu' is not a number")]
    assert "kata.csv" in result.describe() and "line 2" in result.describe()


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("kosong.csv", b"", "the file is empty"),
        ("sampah.csv", bytes(range(256)) * 40, "does not look like a text (CSV) file"),
        ("rusak.xlsx", b"PK\x03\x04 this is not really a workbook", "not a readable .xlsx"),
    ],
)
def test_unreadable_file_is_a_failed_attempt_with_a_clear_message(
    migrated_db, tmp_path, name, content, problem
):
    path = tmp_path / name
    path.write_bytes(content)

    [result] = load(migrated_db, path)

    assert result.status == "failed"
    assert problem in result.message and name in result.message
    [entry] = log_rows(migrated_db, name)
    assert entry["status"] == "failed" and problem in entry["message"]
    assert (entry["rows_read"], entry["rows_loaded"], entry["rows_rejected"]) == (0, 0, 0)
    assert query(migrated_db, "select count(*) from raw.branch_report_files") == [(0,)]


def test_header_only_loads_zero_rows(migrated_db, tmp_path):
    path = write(tmp_path, "kepala.csv", HEADER)

    [result] = load(migrated_db, path)

    assert (result.status, result.rows_read) == ("loaded", 0)
    [entry] = log_rows(migrated_db, "kepala.csv")
    assert (entry["status"], entry["rows_read"]) == ("loaded", 0)


def test_missing_required_column_names_the_column(migrated_db, tmp_path):
    text = HEADER.replace("office_code,", "") + GOOD.replace("1101,", "")
    path = write(tmp_path, "tanpa_kode.csv", text)

    [result] = load(migrated_db, path)

    assert result.status == "failed"
    assert "tanpa_kode.csv" in result.message and "office_code" in result.message
    assert log_rows(migrated_db, "tanpa_kode.csv")[0]["status"] == "failed"


def test_unknown_extra_columns_are_ignored_and_reported(migrated_db, tmp_path):
    text = HEADER.rstrip("\n") + ",keterangan\n" + GOOD.rstrip("\n") + ",catatan\n"
    path = write(tmp_path, "lebih.csv", text)

    [result] = load(migrated_db, path)

    assert (result.rows_loaded, result.rows_rejected) == (1, 0)
    assert any("'keterangan' (column 9)" in notice for notice in result.notices)
    assert "'keterangan' (column 9)" in log_rows(migrated_db, "lebih.csv")[0]["message"]


def test_a_single_10_mb_line_is_rejected_and_its_neighbours_load(migrated_db, tmp_path):
    huge = "2024-06-30,1102," + "x" * 10_000_000 + ",PU,participants,1,1,\n"
    path = write(tmp_path, "panjang.csv", HEADER + GOOD + huge + GOOD.replace("1101", "1103"))

    [result] = load(migrated_db, path)

    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (3, 2, 1)
    [(line_ref, reason, raw_record)] = rejections(migrated_db, "panjang.csv")
    assert line_ref == "line 3" and "10,000," in reason
    assert len(raw_record) < 1000  # a stand-in, not 10 MB


def test_half_valid_file_loads_the_valid_half(migrated_db, tmp_path):
    good = [GOOD.replace("1101", str(code)) for code in range(1101, 1111)]
    bad = [line.replace("106368", "sepuluh").replace("PU", "BPU", 1) for line in good]
    path = write(tmp_path, "campur.csv", HEADER + "".join(good + bad))

    [result] = load(migrated_db, path)

    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (20, 10, 10)
    assert len(staged_rows(migrated_db, "campur.csv")) == 10
    refs = [r[0] for r in rejections(migrated_db, "campur.csv")]
    assert refs == [f"line {n}" for n in range(12, 22)]
    assert all("realization: 'sepuluh'" in r[1] for r in rejections(migrated_db, "campur.csv"))


def test_duplicate_key_rejects_both_rows_naming_both_lines(migrated_db, tmp_path):
    text = HEADER + GOOD + GOOD.replace(",PU,", ",BPU,") + GOOD.replace("106368", "1")
    path = write(tmp_path, "ganda.csv", text)

    [result] = load(migrated_db, path)

    assert (result.rows_loaded, result.rows_rejected) == (1, 2)
    reasons = {r[0]: r[1] for r in rejections(migrated_db, "ganda.csv")}
    assert set(reasons) == {"line 2", "line 4"}
    assert "it appears on line 2 and line 4" in reasons["line 2"]


def synthetic_lines(count: int) -> list[str]:
    segments, metrics = ("PU", "BPU", "JAKON", "PMI", "ALL"), ("participants", "employers")
    lines = []
    for n in range(count):
        office, combo = divmod(n, 10)
        lines.append(
            f"2024-06-30,{2000 + office},KC Sintetis {2000 + office},{segments[combo % 5]},"
            f"{metrics[combo // 5]},{1000 + n},{n},{n % 100}.50\n"
        )
    return lines


def test_duplicate_keys_far_apart_in_a_big_file_reject_both_naming_both_lines(
    migrated_db, tmp_path
):
    # Line 5 (read a block at a time) and line 15 002 (the same key, with the date written
    # another way and another name: read the careful way) are found after both were staged.
    lines = synthetic_lines(15_000)
    twin = lines[3].replace("2024-06-30", "30/06/2024").replace("Sintetis", "Lain")
    path = write(tmp_path, "ganda_jauh.csv", HEADER + "".join(lines) + twin)

    [result] = load(migrated_db, path)

    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (15_001, 14_999, 2)
    reasons = rejections(migrated_db, "ganda_jauh.csv")
    assert [r[0] for r in reasons] == ["line 5", "line 15002"]
    assert all("it appears on line 5 and line 15002" in r[1] for r in reasons)
    assert reasons[1][2] == twin.rstrip("\n")
    staged = query(
        migrated_db,
        "select count(*), count(*) filter (where line_ref in ('line 5', 'line 15002'))"
        " from staging.branch_report_rows",
    )
    assert staged == [(14_999, 0)]
    [entry] = log_rows(migrated_db, "ganda_jauh.csv")
    assert (entry["rows_loaded"], entry["rows_rejected"]) == (14_999, 2)


def test_a_duplicate_with_a_bad_value_gets_both_reasons_in_file_order(migrated_db, tmp_path):
    lines = synthetic_lines(30)
    bad_twin = lines[0].replace(",1000,", ",-3,")  # the key of line 2, and a negative target
    lines.insert(10, "2024-06-30,2999,KC,PU,participants,dua,1,\n")  # line 12: plain bad
    path = write(tmp_path, "ganda_buruk.csv", HEADER + "".join(lines) + bad_twin)

    [result] = load(migrated_db, path)

    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (32, 29, 3)
    reasons = rejections(migrated_db, "ganda_buruk.csv")
    assert [r[0] for r in reasons] == ["line 2", "line 12", "line 33"]
    assert reasons[0][1].startswith("duplicate key (2024-06-30, 2000, PU, participants)")
    assert reasons[1][1] == "target: 'dua' is not a number"
    assert reasons[2][1].startswith("target: '-3' is negative; duplicate key (2024-06-30, 2000")
    assert "it appears on line 2 and line 33" in reasons[2][1]
    assert [ref for ref, _ in result.first_rejections] == ["line 2", "line 12", "line 33"]


def test_a_big_canonical_file_stages_the_same_rows_as_its_quoted_twin(migrated_db, tmp_path):
    lines = synthetic_lines(12_000)
    plain = write(tmp_path, "polos.csv", HEADER + "".join(lines))
    quoted = write(
        tmp_path, "kutip.csv", HEADER + '"' + lines[0].replace(",", '",', 1) + "".join(lines[1:])
    )

    results = load(migrated_db, plain, quoted)

    assert [(r.rows_loaded, r.rows_rejected) for r in results] == [(12_000, 0), (12_000, 0)]
    assert staged_rows(migrated_db, "polos.csv") == staged_rows(migrated_db, "kutip.csv")


def test_an_error_while_reading_mid_copy_leaves_nothing_and_the_connection_usable(
    migrated_db, tmp_path, monkeypatch
):
    from capaian.branch_reports.reading import BranchReportReading

    path = write(tmp_path, "rusak_tengah.csv", HEADER + "".join(synthetic_lines(20_000)))
    original = BranchReportReading.copy_batches

    def failing_after_one_batch(self, row_prefix):
        batches = original(self, row_prefix)
        yield next(batches)
        raise RuntimeError("disk gone")

    monkeypatch.setattr(BranchReportReading, "copy_batches", failing_after_one_batch)
    with pytest.raises(RuntimeError, match="disk gone"):
        load(migrated_db, path)
    for table in ("staging.branch_report_rows", "raw.branch_report_files", "audit.load_log"):
        assert query(migrated_db, f"select count(*) from {table}") == [(0,)]

    monkeypatch.setattr(BranchReportReading, "copy_batches", original)
    [result] = load(migrated_db, path)
    assert (result.status, result.rows_loaded) == ("loaded", 20_000)


# -- once per content; re-running is safe; the inbox is never modified -----------------------


def test_the_same_file_twice_loads_once(migrated_db):
    path = FIXTURES / "canonical.csv"

    first = load(migrated_db, path)
    second = load(migrated_db, path)

    assert [first[0].status, second[0].status] == ["loaded", "duplicate"]
    assert [e["status"] for e in log_rows(migrated_db, "canonical.csv")] == ["loaded", "duplicate"]
    assert len(staged_rows(migrated_db, "canonical.csv")) == 8
    assert query(migrated_db, "select count(*) from staging.branch_report_rows") == [(8,)]


def test_the_same_content_under_two_names_loads_once(migrated_db, tmp_path):
    original = shutil.copy(FIXTURES / "canonical.csv", tmp_path / "juni.csv")
    renamed = shutil.copy(FIXTURES / "canonical.csv", tmp_path / "juni_lagi.csv")

    results = load(migrated_db, Path(original), Path(renamed))

    assert [r.status for r in results] == ["loaded", "duplicate"]
    assert "same content as juni.csv" in results[1].message
    [entry] = log_rows(migrated_db, "juni_lagi.csv")
    assert entry["status"] == "duplicate" and entry["content_sha256"] == results[0].content_sha256
    assert query(migrated_db, "select count(*) from staging.branch_report_rows") == [(8,)]


def test_versions_of_a_report_are_all_kept_in_staging(migrated_db, tmp_path):
    june = write(tmp_path, "juni.csv", HEADER + GOOD)
    july = write(tmp_path, "juli.csv", HEADER + GOOD.replace("2024-06-30", "2024-07-31"))

    load(migrated_db, june, july)

    dates = query(
        migrated_db, "select report_date::text from staging.branch_report_rows order by 1"
    )
    assert dates == [("2024-06-30",), ("2024-07-31",)]


def test_loading_never_modifies_the_inbox(migrated_db, tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(FIXTURES, inbox, ignore=shutil.ignore_patterns("*.py"))
    write(inbox, "buruk.csv", HEADER + GOOD.replace("106368", "dua ribu"))
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in inbox.iterdir()}

    load(migrated_db, *sorted(inbox.iterdir()))
    load(migrated_db, *sorted(inbox.iterdir()))

    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in inbox.iterdir()}
    assert after == before


# -- a process killed mid-load leaves nothing; the next run loads the file whole -------------


def test_a_process_killed_mid_load_leaves_nothing_and_the_next_run_loads_it(migrated_db, tmp_path):
    big = tmp_path / "besar.csv"
    capaian = [sys.executable, "-m", "capaian.cli"]
    subprocess.run(
        [*capaian, "generate", "reports", "--rows", "300000", "--out", str(big)],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "CAPAIAN_WAREHOUSE_URL": migrated_db}
    loader = subprocess.Popen(
        [*capaian, "ingest", "reports", str(big)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until_rows_stream_into_staging(migrated_db, loader)
        loader.send_signal(signal.SIGKILL)
        loader.wait(timeout=30)
    finally:
        if loader.poll() is None:
            loader.kill()
            loader.wait()
    assert loader.returncode == -signal.SIGKILL

    wait_until_no_other_session(migrated_db)  # the server notices the dead client
    assert query(migrated_db, "select count(*) from staging.branch_report_rows") == [(0,)]
    assert query(migrated_db, "select count(*) from raw.branch_report_files") == [(0,)]
    assert query(migrated_db, "select count(*) from raw.branch_report_file_chunks") == [(0,)]
    assert query(migrated_db, "select count(*) from audit.load_log") == [(0,)]
    assert query(migrated_db, "select count(*) from audit.rejected_rows") == [(0,)]

    rerun = subprocess.run(
        [*capaian, "ingest", "reports", str(big)], env=env, capture_output=True, text=True
    )

    assert rerun.returncode == 0, rerun.stderr
    assert "300000 rows read, 300000 loaded, 0 rejected" in rerun.stdout
    assert query(migrated_db, "select count(*) from staging.branch_report_rows") == [(300000,)]
    [entry] = log_rows(migrated_db, "besar.csv")
    assert (entry["status"], entry["rows_loaded"]) == ("loaded", 300000)


def wait_until_rows_stream_into_staging(url: str, process: subprocess.Popen) -> None:
    """Poll pg_stat_progress_copy until the loader's COPY into staging has rows in it."""
    deadline = time.monotonic() + 120
    with psycopg.connect(url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            assert process.poll() is None, "the loader ended before it could be killed"
            copied = conn.execute(
                "select coalesce(max(p.tuples_processed), 0) from pg_stat_progress_copy p"
                " where p.relid = 'staging.branch_report_rows'::regclass"
            ).fetchone()[0]
            if copied > 0:
                return
            time.sleep(0.02)
    raise AssertionError("no rows streamed into staging within two minutes")


def wait_until_no_other_session(url: str) -> None:
    deadline = time.monotonic() + 30
    with psycopg.connect(url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            others = conn.execute(
                "select count(*) from pg_stat_activity"
                " where datname = current_database() and pid <> pg_backend_pid()"
            ).fetchone()[0]
            if others == 0:
                return
            time.sleep(0.05)
    raise AssertionError("the killed loader's session is still open after 30 s")


def test_the_canonical_header_loads_from_excel_csv_and_from_xlsx(migrated_db, tmp_path):
    """Issue 16: ';' with Indonesian numbers (Excel on an Indonesian Windows) and a canonical
    .xlsx load the same rows as the comma-separated canonical file (synthetic figures)."""
    from openpyxl import Workbook

    lines = [
        ("2024-06-30", "1101", "KC Jakarta Salemba", "PU", "participants", 41200, 39955, "96,97"),
        ("2024-06-30", "1101", "KC Jakarta Salemba", "BPU", "participants", 1500, 1234, "82,27"),
    ]
    canonical = write(
        tmp_path,
        "twin.csv",
        HEADER
        + "".join(
            f"{d},{c},{n},{s},{m},{t},{r},{p.replace(',', '.')}\n"
            for d, c, n, s, m, t, r, p in lines
        ),  # fmt: skip
    )
    excel_csv = write(
        tmp_path,
        "excel_id.csv",
        "\ufeff"
        + HEADER.replace(",", ";")
        + "".join(
            f"{d};{c};{n};{s};{m};{t:,};{r:,};{p}\r\n".replace(",", ".", 2)
            for d, c, n, s, m, t, r, p in lines
        ),  # fmt: skip
    )
    assert "41.200;39.955;96,97" in excel_csv.read_text(encoding="utf-8")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    for line in lines:
        sheet.append(list(line))
    workbook.save(tmp_path / "canonical.xlsx")
    result = load(migrated_db, canonical, excel_csv, tmp_path / "canonical.xlsx")
    assert result is not None
    expected = staged_rows(migrated_db, "twin.csv")
    assert len(expected) == 2
    assert staged_rows(migrated_db, "excel_id.csv") == expected
    assert staged_rows(migrated_db, "canonical.xlsx") == expected
    for name in ("excel_id.csv", "canonical.xlsx"):
        assert rejections(migrated_db, name) == []
