"""The loader's way of reading (copy_batches): canonical blocks checked whole give exactly the
rows and rejections the careful, record-by-record way gives (all data synthetic)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from branch_report_helpers import CANONICAL_HEADER, write_csv

from capaian.branch_reports import read_branch_report
from capaian.branch_reports import reading as reading_module
from capaian.branch_reports.fast_canonical import CanonicalBlocks
from capaian.branch_reports.reading import repeated_hashes

PREFIX = b"f" * 64 + b","
SEGMENTS = ("PU", "BPU", "JAKON", "PMI", "ALL")
METRICS = ("participants", "contributions", "employers")
# Values the block check must turn into exactly what the validator makes of them.
# The longest plain number the block check takes is 20 digits before the point.
TARGETS = ("152000", "007", "1000.50", "0.0", "", "12.000", "9" * 20)
PCTS = ("69.98", "8.10", "70.00", "", "0", "999.5", "0.05")


def canonical_lines(count: int, start_office: int = 1000) -> list[str]:
    lines = []
    for n in range(count):
        office, combo = divmod(n, len(SEGMENTS) * len(METRICS))
        segment, metric = SEGMENTS[combo % 5], METRICS[combo // 5]
        target = TARGETS[n % len(TARGETS)]
        realization = str(n) if n % 11 else f"{n}.250"
        if metric != "contributions":  # persons and employers are whole numbers
            target, realization = target.split(".")[0], realization.split(".")[0]
        code = start_office + office
        name = f"KC Sintetis {code}" if code % 3 else f"Kc. Sintetis-{code} (Timur)"
        lines.append(
            f"2024-0{1 + n % 6}-28,{code},{name},{segment},{metric},{target},{realization},"
            f"{PCTS[n % len(PCTS)]}\n"
        )
    return lines


def numbers_as_values(lines: list[str]) -> list[tuple]:
    """COPY lines with the numbers as values: "007" and "7" are the same number in staging
    (the careful way writes a row whose values it sees for the first time one way, later
    ones the other)."""
    rows = []
    for line in lines:
        fields = line.split(",")
        numbers = tuple(Decimal(f) if f else None for f in fields[-3:])
        rows.append((*fields[:-3], *numbers))
    return rows


def loader_view(path: Path) -> tuple[list[tuple], list[tuple[str, str]], int]:
    """COPY lines, rejections and the number of blocks taken the fast way."""
    reading = read_branch_report(path)
    data, rejections = b"", []
    for batch in reading.copy_batches(PREFIX):
        data += batch.data
        rejections += [(o.line_ref, o.reason) for _, o in batch.rejected]
    counts = reading.counts
    assert counts.rows_read == counts.rows_accepted + counts.rows_rejected
    assert counts.rows_accepted == data.count(b"\n")
    return numbers_as_values(data.decode().splitlines()), rejections, counts.rows_read


def reader_view(path: Path) -> tuple[list[tuple], list[tuple[str, str]], int]:
    """The same, worked out from rows(): the careful way, record by record."""
    outcomes = list(read_branch_report(path).rows())
    lines = [
        PREFIX.decode() + reading_module._csv_line(o.line_ref, o.row.as_copy_fields()).rstrip()
        for o in outcomes
        if o.row is not None
    ]
    rejections = [(o.line_ref, o.reason) for o in outcomes if o.row is None]
    return numbers_as_values(lines), rejections, len(outcomes)


@pytest.fixture
def fast_blocks(monkeypatch) -> list[int]:
    """Counts the blocks the block check accepted."""
    taken = []
    original = CanonicalBlocks.copy_data

    def counting(self, text, first, row_prefix):
        result = original(self, text, first, row_prefix)
        taken.append(result is not None)
        return result

    monkeypatch.setattr(CanonicalBlocks, "copy_data", counting)
    return taken


def test_canonical_blocks_give_the_same_rows_as_the_careful_way(tmp_path, fast_blocks) -> None:
    lines = canonical_lines(20_000)
    path = write_csv(tmp_path, "besar.csv", CANONICAL_HEADER + "".join(lines))

    fast = loader_view(path)

    assert fast_blocks and all(fast_blocks)  # every block went the fast way
    assert fast == reader_view(path)
    data = b"".join(b.data for b in read_branch_report(path).copy_batches(PREFIX)).decode()
    lines = data.splitlines()
    first = "line 2,2024-01-28,1000,KC Sintetis 1000,PU,participants,152000,0,69.98"
    assert lines[0] == PREFIX.decode() + first
    assert lines[1].endswith(",8.1") and lines[9].endswith(",1000.5,9,70")  # trailing zeros go


def test_a_quoted_copy_of_the_file_loads_the_same_rows(tmp_path) -> None:
    lines = canonical_lines(3_000)
    plain = write_csv(tmp_path, "plain.csv", CANONICAL_HEADER + "".join(lines))
    quoted_lines = [lines[0].replace("KC Sintetis 1000", '"KC Sintetis 1000"'), *lines[1:]]
    quoted = write_csv(tmp_path, "quoted.csv", CANONICAL_HEADER + "".join(quoted_lines))

    assert read_branch_report(quoted).source.quote_free is False
    assert loader_view(plain) == loader_view(quoted)


# Lines the block check must refuse; the careful way then accepts (normalised) or rejects them.
ODD_LINES = [
    "2024-06-28,2001,KC Odd,PU,participants, 5,1,\n",  # space before a number
    "2024-06-28,2001,KC Odd,PU,participants,1e5,1,\n",
    "2024-06-28,2001,KC Odd,PU,participants,-5,1,\n",
    "2024-06-28,2001,KC Odd,PU,participants,5.,1,\n",
    "2024-06-28,2001,KC Odd,PU,participants,.5,1,\n",
    "2024-06-28,2001,KC Odd,PU,participants,1.2.3,1,\n",
    "2024-06-28,2001,KC Odd,PU,participants,1_000,1,\n",
    "2024-06-28,2001,KC Odd,PU,participants,1234567890123456789012345678901,1,\n",
    "2024-06-28,2001,KC Odd,PU,participants,1,1,1000\n",
    "2024-06-28,2001,KC Odd,PU,participants,1,1,999.999\n",
    "2024-06-28,2001,KC Odd,PU,participants,1,1,5000\n",
    "2024-06-28,2001,KC Odd,PU,participants,,,5\n",
    "2099-06-28,2001,KC Odd,PU,participants,1,1,\n",
    "1999-12-31,2001,KC Odd,PU,participants,1,1,\n",
    "2024-02-30,2001,KC Odd,PU,participants,1,1,\n",
    "28/06/2024,2001,KC Odd,PU,participants,1,1,\n",
    "2024-6-28,2001,KC Odd,PU,participants,1,1,\n",
    "2024-06-28x,2001,KC Odd,PU,participants,1,1,\n",
    "2024-06-28,2001,KC  Odd,PU,participants,1,1,\n",
    "2024-06-28,2001,KC Odd ,PU,participants,1,1,\n",
    "2024-06-28,2001,KC\tOdd,PU,participants,1,1,\n",
    "2024-06-28, 2001,KC Odd,PU,participants,1,1,\n",
    "2024-06-28,2001,,PU,participants,1,1,\n",
    "2024-06-28,,KC Odd,PU,participants,1,1,\n",
    "2024-06-28,2001,KC Unit 2.10,PU,participants,1,1,\n",
    "2024-06-28,2001,KC Odd,pu,participants,1,1,\n",
    "2024-06-28,2001,KC Odd,Penerima Upah,peserta,1,1,\n",
    "2024-06-28,2001,KC Odd,P1U,participants,1,1,\n",
    "2024-06-28,2001,KC Odd,XYZ,participants,1,1,\n",
    "2024-06-28,2001,KC Odd,PU,participants,1,1\n",
    "2024-06-28,2001,KC Odd,PU,participants,1,1,,\n",
    "2024-06-28,2001,KC Odd,PU,participants,1,1,,extra\n",
    "\n",
    "2024-06-28,2001," + "x" * 201 + ",PU,participants,1,1,\n",
    "2024-06-28," + "9" * 41 + ",KC Odd,PU,participants,1,1,\n",
    "2024-06-28,2001,KC Ödd Ünicode,PU,participants,1,1,\n",
    "2024-06-28,2001,KC Odd\\,PU,participants,1,1,\n",
]


@pytest.mark.parametrize("odd", ODD_LINES, ids=lambda line: repr(line[11:50]))
def test_an_odd_line_in_a_block_gives_what_the_careful_way_gives(tmp_path, odd) -> None:
    lines = canonical_lines(4_000)
    lines.insert(2_500, odd)
    path = write_csv(tmp_path, "campur.csv", CANONICAL_HEADER + "".join(lines))

    assert loader_view(path) == reader_view(path)


def test_duplicate_keys_are_left_to_the_caller_with_their_hashes(tmp_path) -> None:
    lines = canonical_lines(9_000)
    twin = lines[10].replace("2024-05-28", "28/05/2024").replace("Sintetis", "Lain")
    assert twin != lines[10]
    path = write_csv(tmp_path, "ganda.csv", CANONICAL_HEADER + "".join([*lines, twin]))
    reading = read_branch_report(path)

    batches = list(reading.copy_batches(PREFIX))
    hashes = [h for batch in batches for h in batch.key_hashes]
    assert len(hashes) == 9_001 and reading.counts.rows_accepted == 9_001
    from array import array

    duplicates = reading.duplicates(repeated_hashes(array("q", hashes)))

    assert [(d.seq, d.line_ref) for d in duplicates] == [(10, "line 12"), (9_000, "line 9002")]
    assert duplicates[0].reason == duplicates[1].reason
    assert "it appears on line 12 and line 9002" in duplicates[0].reason
    assert duplicates[1].raw_record == twin.rstrip("\n")


def test_repeated_hashes() -> None:
    from array import array

    assert repeated_hashes(array("q")) == set()
    assert repeated_hashes(array("q", [5, -1, 7, 5, -1, -1])) == {5, -1}
    assert repeated_hashes(array("q", range(100_000))) == set()
