"""Read and write CSV tables strictly: UTF-8 only, a size cap, an exact header, typed cells, problems by row.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first record row 2 (a quoted
value spanning lines is still one row). Text cells that a spreadsheet would run as a formula (starting
with = + - @, a tab or a carriage return) are written with a leading apostrophe, and one leading
apostrophe is removed on reading, so that a written file reads back to the same values.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Generic, TypeVar

from learnpm.core.text import control_character
from learnpm.experience.core.amounts import AmountProblem, parse_amount, plain
from learnpm.experience.core.months import Month

# Spreadsheets treat a cell starting with one of these as a formula (OWASP's "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ESCAPE = "'"
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
RowT = TypeVar("RowT")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
SAVE_AS_UTF8 = 'Save it as "CSV UTF-8" (in Excel: File > Save As > CSV UTF-8) and import it again.'


@dataclass(frozen=True)
class CsvProblem:
    """One thing wrong with an imported file: at a row and column, or with the whole file."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [f"row {self.row}"] if self.row is not None else []
        where += [self.column] if self.column else []
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class CsvImport(Generic[RowT]):
    """The outcome of an import: every row and no problem, or no row and every problem."""

    rows: tuple[RowT, ...]
    problems: tuple[CsvProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def all_or_nothing(rows: Iterable[RowT], problems: Iterable[CsvProblem]) -> CsvImport[RowT]:
    """Return the rows when there is no problem, else no row and the problems in row order."""
    found = sorted(problems, key=lambda problem: (problem.row or 0, problem.column or ""))
    return CsvImport((), tuple(found)) if found else CsvImport(tuple(rows), ())


class CsvRejected(Exception):
    """A file that cannot be read at all (encoding, size, header); no row was looked at."""

    def __init__(self, problems: Sequence[CsvProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


def decode_csv(data: bytes, max_bytes: int) -> str:
    """Return the text of a UTF-8 file (a byte-order mark is dropped); raise CsvRejected saying what is wrong."""
    if len(data) > max_bytes:
        raise CsvRejected([CsvProblem(f"The file has {_size(len(data))}; the limit is {_size(max_bytes)}.")])
    if data.startswith(_WIDE_BOMS) or b"\x00" in data:
        # UTF-16 (Excel's "Unicode text") puts a zero byte beside every ASCII letter.
        raise CsvRejected([CsvProblem(f"The file is UTF-16 or UTF-32 text, not UTF-8. {SAVE_AS_UTF8}")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        message = (
            f"The file is not UTF-8: byte 0x{byte:02X} on line {line} is not UTF-8 text; it was probably "
            f"saved as Latin-1 or Windows-1252. {SAVE_AS_UTF8}"
        )
        raise CsvRejected([CsvProblem(message)]) from None
    if not text.strip():
        raise CsvRejected([CsvProblem("The file is empty.")])
    return text


def _size(count: int) -> str:
    return f"{count / 1_048_576:.1f} MB" if count >= 1_048_576 else f"{count:,} bytes"


def read_table(
    text: str, columns: Sequence[str], max_rows: int, optional: Sequence[str] = ()
) -> tuple[list[tuple[int, dict[str, str]]], list[CsvProblem]]:
    """Return (row number, values by column) for every non-blank record, and the rows of the wrong width.

    The header must name exactly `columns`, in any order and any letter case, except that the `optional`
    ones may be missing (read as empty: files written before they existed). Faults of the whole file
    (its CSV syntax, its header, too many rows) raise CsvRejected.
    """
    records = _records(text)
    _, header = next(records, (1, []))
    present = {name.strip().lower() for name in header}
    missing_optional = [column for column in optional if column.lower() not in present]
    columns = [column for column in columns if column not in missing_optional]
    positions = _check_header(header, columns)
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[CsvProblem] = []
    for number, values in records:
        if not any(value.strip() for value in values):
            continue
        if len(rows) + len(problems) >= max_rows:
            raise CsvRejected([CsvProblem(f"The file has more than {max_rows:,} rows; split it into smaller files.")])
        if len(values) != len(header):
            message = f"has {len(values)} values, but the header has {len(header)} columns"
            problems.append(CsvProblem(message, number))
            continue
        cells = {column: unescape(values[positions[column]]) for column in columns}
        rows.append((number, cells | dict.fromkeys(missing_optional, "")))
    return rows, problems


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    number = 0
    try:
        for number, values in enumerate(reader, start=1):
            yield number, values
    except csv.Error as error:
        raise CsvRejected([CsvProblem(f"cannot be read as CSV: {error}", number + 1)]) from None


def _check_header(header: Sequence[str], columns: Sequence[str]) -> dict[str, int]:
    """Return each expected column's position; raise CsvRejected naming missing, unknown and repeated columns."""
    names = [name.strip().lower() for name in header]
    expected = [column.lower() for column in columns]
    problems = []
    missing = [column for column in expected if column not in names]
    unknown = [name or "(empty)" for name in names if name not in expected]
    repeated = sorted({name for name in names if names.count(name) > 1 and name in expected})
    if missing:
        problems.append(CsvProblem(f"missing column(s): {', '.join(missing)}", 1))
    if unknown:
        problems.append(CsvProblem(f"unknown column(s): {', '.join(unknown)}", 1))
    if repeated:
        problems.append(CsvProblem(f"column(s) given twice: {', '.join(repeated)}", 1))
    if problems:
        problems.append(CsvProblem(f"the header must name exactly these columns: {', '.join(columns)}", 1))
        raise CsvRejected(problems)
    return {column: names.index(column.lower()) for column in columns}


@dataclass
class RowReader:
    """One row being read: typed cells, each fault added to the import's problems at its row and column."""

    number: int
    values: dict[str, str]
    problems: list[CsvProblem]

    def fail(self, column: str, message: str) -> None:
        """Add a problem at this row and `column`."""
        self.problems.append(CsvProblem(message, self.number, column))

    def text(self, column: str, required: bool = False) -> str:
        """Return the trimmed cell; report it when it is required and empty."""
        value = self.values[column].strip()
        if required and not value:
            self.fail(column, "is required")
        hidden = control_character(value, multiline=True)
        if hidden:
            self.fail(column, f"holds {hidden}; remove it")
        return value

    def month(self, column: str, required: bool) -> Month | None:
        """Return the cell as a YYYY-MM month, or None when it is empty or wrong (and then reported)."""
        value = self.text(column, required)
        try:
            return Month.parse(value) if value else None
        except ValueError as error:
            self.fail(column, str(error))
            return None

    def day(self, column: str) -> date | None:
        """Return the required cell as a YYYY-MM-DD date, or None when it is wrong (and then reported)."""
        value = self.text(column, required=True)
        try:
            if _DAY.fullmatch(value):
                return date.fromisoformat(value)
        except ValueError:
            pass
        if value:
            self.fail(column, f"{value!r} is not a date; write YYYY-MM-DD, e.g. 2024-03-05")
        return None

    def decimal(self, column: str, places: int, maximum: Decimal) -> Decimal | None:
        """Return the required cell as a plain decimal within bounds, or None when it is wrong (and then reported)."""
        value = self.text(column, required=True)
        if not value:
            return None
        try:
            return parse_amount(value, places, maximum)
        except AmountProblem as problem:
            shown = repr(value if len(value) <= 40 else value[:40] + "…")
            comma = "; use a dot for decimals, e.g. 7.5" if "," in value else ""
            self.fail(column, {
                "not a number": f"{shown} is not a number{comma}",
                "negative": f"{shown} is below zero",
                "too large": f"{shown} is more than {plain(maximum)}",
            }.get(problem.kind, f"{shown} has more than {places} decimals"))
            return None


def escape(value: str) -> str:
    """Return `value` safe to open in a spreadsheet: a formula-like or apostrophe start gets an apostrophe."""
    return _ESCAPE + value if value.startswith((*_FORMULA_STARTS, _ESCAPE)) else value


def unescape(value: str) -> str:
    """Undo `escape`: drop one leading apostrophe."""
    return value[1:] if value.startswith(_ESCAPE) else value


def write_table(columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> bytes:
    """Return a UTF-8 CSV file (with the byte-order mark Excel needs to see UTF-8) of `rows` under `columns`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([escape(row[column]) for column in columns])
    return buffer.getvalue().encode("utf-8-sig")
