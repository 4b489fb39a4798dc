"""Layouts (issue 16, item 2): hostile and unlucky header shapes, each made by the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from branch_report_helpers import CANONICAL_HEADER, read_all, write_csv

from capaian.branch_reports import BranchReportError


def test_a_header_naming_a_column_twice_refuses_the_file(tmp_path: Path) -> None:
    header = CANONICAL_HEADER.replace("realization", "target")
    path = write_csv(tmp_path, "twice.csv", header + "2024-06-30,1101,KC A,PU,participants,1,2,3\n")
    with pytest.raises(BranchReportError) as caught:
        read_all(path)
    message = str(caught.value)
    assert "twice.csv" in message and "line 1" in message
    assert "target is named twice: 'target' (column 6) and 'target' (column 7)" in message


def test_two_synonyms_of_one_field_are_also_named_twice(tmp_path: Path) -> None:
    text = (
        "Tanggal;Kode Kantor;Kode;Kantor Cabang;Segmen;Metrik;Target;Realisasi\n"
        "30/06/2024;1101;1102;KC A;PU;Peserta;1.000;500\n"
    )
    path = write_csv(tmp_path, "synonyms.csv", text)
    with pytest.raises(BranchReportError, match=r"office_code is named twice: 'Kode Kantor' "
                       r"\(column 2\) and 'Kode' \(column 3\)"):  # fmt: skip
        read_all(path)
