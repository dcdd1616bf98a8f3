import pytest

from lms.core.spreadsheets import csv_text, safe_cell


@pytest.mark.parametrize("value", ["=1+1", "+7 993", "-5", "@SUM(A1)", "\tx"])
def test_formula_like_cells_are_neutralised(value):
    assert safe_cell(value) == "'" + value


def test_plain_cells_are_untouched_and_export_has_bom():
    assert safe_cell("Aşgabat") == "Aşgabat"
    assert csv_text(["a"], [["Ýazgül"]]).startswith("\ufeffa\r\nÝazgül")
