"""The cohort gradebook as files: one CSV (the three views side by side, through the platform's
neutralising CSV writer) or one XLSX workbook with a sheet per view.

In the workbook numbers are numbers and text is always a text cell: a name or heading that starts
with ``=``, ``+``, ``-`` or ``@`` is stored as the text it is, never as a formula (openpyxl would
otherwise take a leading ``=`` for one). Each sheet freezes its heading row and the two name
columns, and sizes its columns to their content.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from lms.certificates.gradebook import Gradebook
from lms.core.spreadsheets import csv_text

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_WIDTH = 40
_SHEET_NAME_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def gradebook_csv(gradebook: Gradebook) -> str:
    header = list(gradebook.person_headings)
    for view in gradebook.views:
        header += view.headings
    rows = (
        gradebook.person(trainee) + [cell for view in gradebook.views for cell in view.rows[index]]
        for index, trainee in enumerate(gradebook.trainees)
    )
    return csv_text(header, rows)


def _put(sheet, row: int, column: int, value: object) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"  # text stays text, even "=…"
    else:
        cell.value = value


def _width(value: object) -> int:
    return len(str(value)) if value is not None else 0


def gradebook_xlsx(gradebook: Gradebook) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for view in gradebook.views:
        sheet = workbook.create_sheet(_SHEET_NAME_UNSAFE.sub("_", view.name)[:31])
        headings = gradebook.person_headings + view.headings
        widths = [_width(h) for h in headings]
        for column, heading in enumerate(headings, start=1):
            _put(sheet, 1, column, heading)
            sheet.cell(row=1, column=column).font = Font(bold=True)
            sheet.cell(row=1, column=column).alignment = Alignment(wrap_text=True)
        for index, trainee in enumerate(gradebook.trainees):
            cells = gradebook.person(trainee) + view.rows[index]
            for column, value in enumerate(cells, start=1):
                _put(sheet, index + 2, column, value)
                widths[column - 1] = max(widths[column - 1], _width(value))
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, MAX_WIDTH)
        sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
