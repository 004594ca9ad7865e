"""A file of rows read into one table, whatever made it: a CSV file (comma, semicolon or tab separated, UTF-8)
or an XLSX workbook's first sheet (through openpyxl, values as the spreadsheet last computed them).

Rows are numbered as the spreadsheet shows them, the header being the first row that is not blank. Faults
of the whole file raise ImportRejected with a message the learner can act on; nothing is guessed.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from learnpm.core.text import control_character
from learnpm.experience.core.csv.table import CsvProblem, CsvRejected, decode_csv

FileKind = Literal["csv", "xlsx", "ics"]
XLSX_MAGIC = b"PK\x03\x04"
MAX_COLUMNS = 200
_DELIMITERS = (",", ";", "\t")


class ImportRejected(Exception):
    """A file that cannot be read at all; nothing in it was imported."""

    def __init__(self, problems: Sequence[CsvProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


def rejected(message: str, row: int | None = None) -> ImportRejected:
    """Return the rejection of a whole file for one reason."""
    return ImportRejected([CsvProblem(message, row)])


@dataclass(frozen=True)
class SheetRow:
    """One row under the header: its number as the spreadsheet shows it, its cells by column name."""

    number: int
    cells: dict[str, object]


@dataclass(frozen=True)
class Sheet:
    """A table: the header's column names, in order, and the rows under it that are not blank."""

    columns: tuple[str, ...]
    rows: tuple[SheetRow, ...]

    def values(self, column: str) -> Iterator[object]:
        """Yield every row's cell in `column`."""
        return (row.cells.get(column) for row in self.rows)


def file_kind(data: bytes, filename: str = "") -> FileKind:
    """Return what a file holds, by its content first: an XLSX workbook, a calendar, or a CSV table."""
    if data.startswith(XLSX_MAGIC):
        return "xlsx"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").upper()
    if head.startswith(b"BEGIN:VCALENDAR") or (filename.lower().endswith(".ics") and b"BEGIN:" in head):
        return "ics"
    return "csv"


def read_sheet(data: bytes, max_bytes: int, max_rows: int) -> Sheet:
    """Read a CSV or XLSX file into a Sheet; raise ImportRejected saying what is wrong with it."""
    if len(data) > max_bytes:
        raise rejected(f"The file has {len(data):,} bytes; the limit is {max_bytes:,}. Export a shorter period.")
    table = _xlsx_rows(data, max_rows) if data.startswith(XLSX_MAGIC) else _csv_rows(data, max_bytes, max_rows)
    return _sheet(table)


def _csv_rows(data: bytes, max_bytes: int, max_rows: int) -> list[list[object]]:
    try:
        text = decode_csv(data, max_bytes)
    except CsvRejected as error:
        raise ImportRejected(error.problems) from None
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[object]] = []
    try:
        for values in reader:
            rows.append(list(values))
            if len(rows) > max_rows + 1:
                raise rejected(f"The file has more than {max_rows:,} rows; export a shorter period.")
    except csv.Error as error:
        raise rejected(f"cannot be read as CSV: {error}", len(rows) + 1) from None
    return rows


def _xlsx_rows(data: bytes, max_rows: int) -> list[list[object]]:
    from openpyxl import load_workbook  # imported here: only spreadsheets need it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError):
        raise rejected("The file is not a workbook that can be read; save it again as .xlsx or as CSV.") from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise rejected("The workbook has no sheet.")
        rows: list[list[object]] = []
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            rows.append(["" if value is None else value for value in values])
            if len(rows) > max_rows + 1:
                raise rejected(f"The sheet has more than {max_rows:,} rows; export a shorter period.")
        return rows
    finally:
        workbook.close()


def _sheet(table: list[list[object]]) -> Sheet:
    numbered = [(number, values) for number, values in enumerate(table, start=1) if any(_filled(v) for v in values)]
    if not numbered:
        raise rejected("The file is empty.")
    header_number, header = numbered[0]
    columns = tuple(str(name).strip() for name in header)
    while columns and not columns[-1]:
        columns = columns[:-1]
    _check_columns(columns, header_number)
    rows = []
    for number, values in numbered[1:]:
        if len(values) > len(columns) and any(_filled(v) for v in values[len(columns):]):
            raise rejected(f"has {len(values)} values, but the header has {len(columns)} columns", number)
        cells = {column: (values[index] if index < len(values) else "") for index, column in enumerate(columns)}
        _check_text(cells, number)
        rows.append(SheetRow(number, cells))
    return Sheet(columns, tuple(rows))


def _check_text(cells: dict[str, object], row: int) -> None:
    """Refuse a row whose text holds a control character (NUL, escape codes): no tracker exports them."""
    for column, value in cells.items():
        hidden = control_character(value, multiline=True) if isinstance(value, str) else None
        if hidden:
            raise rejected(f"the {column!r} cell holds {hidden}; remove it and import again", row)


def _check_columns(columns: tuple[str, ...], row: int) -> None:
    if len(columns) > MAX_COLUMNS:
        raise rejected(f"The header has more than {MAX_COLUMNS} columns.", row)
    if not all(columns):
        raise rejected("A column of the header has no name; give every column a name.", row)
    repeated = sorted({name for name in columns if columns.count(name) > 1})
    if repeated:
        raise rejected(f"column(s) named twice: {', '.join(repeated)}", row)


def _filled(value: object) -> bool:
    return not (value is None or (isinstance(value, str) and not value.strip()))
