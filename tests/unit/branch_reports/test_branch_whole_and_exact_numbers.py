"""Persons and employers are whole numbers, and a value is stored exactly or refused.

All data is synthetic, written at test time.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from branch_report_helpers import CANONICAL_HEADER, GOOD_LINE, read_all, write_csv

from capaian.branch_reports.fast_canonical import CanonicalBlocks
from capaian.branch_reports.validation import RowValidator
from capaian.branch_reports.vocabulary import METRICS, SEGMENTS


def messages(tmp_path: Path, *lines: str) -> list[str | None]:
    path = write_csv(tmp_path, "branch.csv", CANONICAL_HEADER + "".join(lines))
    _, outcomes = read_all(path)
    return [o.message if o.row is None else None for o in outcomes]


def validator() -> RowValidator:
    return RowValidator(".", {s.lower(): s for s in SEGMENTS}, {m: m for m in METRICS})


@pytest.mark.parametrize("metric", ["participants", "employers"])
def test_half_a_person_or_employer_is_refused_naming_the_field(tmp_path, metric) -> None:
    line = GOOD_LINE.replace("participants", metric)
    (message,) = messages(tmp_path, line.replace("106368", "2.5"))
    assert message == (
        f"branch.csv, line 2: realization: 2.5 is not a whole number; {metric} are counted "
        "in whole units"
    )
    # The same after a row of the same office and metric (the validator's fast path).
    good, half = messages(
        tmp_path, line, line.replace("2024-06-30", "2024-05-31").replace("152000", "152000.5")
    )
    assert good is None and half.endswith(
        f"target: 152000.5 is not a whole number; {metric} are counted in whole units"
    )


def test_whole_values_written_with_a_zero_decimal_and_rupiah_decimals_load(tmp_path) -> None:
    lines = (
        GOOD_LINE.replace("106368", "106368.00"),
        GOOD_LINE.replace("participants", "contributions").replace("106368", "2.5"),
    )
    assert messages(tmp_path, *lines) == [None, None]


@pytest.mark.parametrize(
    "number",
    [
        "1" * 45,  # once rounded to 28 digits and stored
        "1234567890123456789012345678.9",  # 29 digits: would round to 28
        "1" * 29,
    ],
)
def test_a_value_with_more_digits_than_kept_exactly_is_refused(tmp_path, number) -> None:
    (message,) = messages(tmp_path, GOOD_LINE.replace("152000", number))
    assert message.startswith(f"branch.csv, line 2: target: '{number}' has more than 28 ")
    assert message.endswith("refused rather than rounded")


def test_28_digits_load_exactly(tmp_path) -> None:
    number = "1234567890123456789012345678"
    path = write_csv(tmp_path, "branch.csv", CANONICAL_HEADER + GOOD_LINE.replace("152000", number))
    _, outcomes = read_all(path)
    assert outcomes[0].row is not None and outcomes[0].row.target_text == number


def test_an_indonesian_scale_word_that_would_round_is_refused() -> None:
    row, reason = validator().validate(
        (
            "2024-06-30",
            "1101",
            "KC Salemba",
            "PU",
            "contributions",
            "123456789012345678901234567,89 miliar",
            "1",
            "",
        )
    )
    assert row is None and reason.startswith("target: '123456789012345678901234567,89 miliar'")


def test_the_fast_block_path_hands_fractional_counts_and_long_numbers_to_the_careful_way():
    blocks = CanonicalBlocks(validator())
    good = "2024-06-30,1101,KC Jakarta Salemba,PU,participants,152000,106368,69.98\n"
    assert blocks.copy_data(good, 2, b"x,") is not None
    for bad in (
        good.replace("106368", "2.5"),
        good.replace("participants", "employers").replace("152000", "1.5"),
        good.replace("152000", "1" * 29),
    ):
        assert blocks.copy_data(good + bad, 2, b"x,") is None


def test_the_fast_block_path_hands_every_odd_line_to_the_careful_way():
    blocks = CanonicalBlocks(validator())
    good = "2024-06-30,1101,KC Jakarta Salemba,PU,participants,152000,106368,69.98\n"
    for bad in (
        good.replace("152000,106368", ","),  # neither target nor realization
        good.replace(",PU,", ",pu,"),  # not the vocabulary's own code
        good.replace("participants", "participant"),
        good.replace("2024-06-30", "2024-6-30X"),  # ten characters, not a date
        good.replace("2024-06-30", "２０２４-06-30"),  # ten characters, not ASCII
        good.replace("1101,", ""),  # seven fields
        good.replace("69.98", "69.98,1"),  # nine fields
        good.replace("1101,", "1101\n"),  # a field over a line end
        good.replace("KC Jakarta Salemba", "KC Jakarta\nSalemba"),
        good.replace("69.98", "1000"),  # a percentage the fast path leaves to the validator
        good.replace("152000", "-5"),
        good.replace("152000", "1e5"),
        good.replace("152000", ".5"),
        good.replace("152000", "5."),
        good.replace("152000", "1.2.3"),
        "\n",
    ):
        assert blocks.copy_data(good + bad, 2, b"x,") is None, bad
    for still_good in (
        good.replace("152000", ""),  # one of the two is enough
        good.replace("106368", ""),
        good.replace("69.98", ""),
        good.replace("participants", "contributions").replace("152000", "1.25"),
    ):
        data, hashes, lines = blocks.copy_data(good.replace("PU", "BPU") + still_good, 2, b"x,")
        assert len(hashes) == len(lines) == 2 and data.count(b"\n") == 2, still_good
