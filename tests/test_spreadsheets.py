import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lms.core.spreadsheets import csv_text, safe_cell


@pytest.mark.parametrize("value", ["=1+1", "+7 993", "-5", "@SUM(A1)", "\tx"])
def test_formula_like_cells_are_neutralised(value):
    assert safe_cell(value) == "'" + value


def test_plain_cells_are_untouched_and_export_has_bom():
    assert safe_cell("Aşgabat") == "Aşgabat"
    assert csv_text(["a"], [["Ýazgül"]]).startswith("\ufeffa\r\nÝazgül")


def test_php_csv_quotes_as_fputcsv_does_without_bom():
    from lms.core.spreadsheets import php_csv_text

    text = php_csv_text(["Parent id number", "Shortname"], [["a,b", 'say "hi"'], ["", "x\\y"]])
    assert text == '"Parent id number",Shortname\n"a,b","say ""hi"""\n,"x\\y"\n'


@given(st.text())
def test_the_reversible_escape_gives_back_any_text(value):
    """What ``php_csv_text`` writes, ``unescape_cell`` reads back exactly, and no written cell
    starts a formula."""
    from lms.core.spreadsheets import FORMULA_PREFIXES, php_csv_text, unescape_cell

    written = next(csv.reader(io.StringIO(php_csv_text([value], []), newline="")), [""])
    cell = written[0] if written else ""
    assert not cell.startswith(FORMULA_PREFIXES)
    assert unescape_cell(cell) == value
