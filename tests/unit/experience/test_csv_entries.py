"""CSV import and export of hours-log entries: a round trip keeps the data; a malformed file gives every problem.

Whatever is wrong (columns, dates, numbers, references, entry rules, encoding, size), no row is imported.
"""

from __future__ import annotations

import codecs
from datetime import date
from decimal import Decimal

import pytest

from learnpm.experience.core.csv.records import (
    ENTRY_COLUMNS,
    parse_entries_csv,
    write_entries_csv,
)
from learnpm.experience.core.entries import Entry, ProjectMonths
from learnpm.experience.core.months import Month
from learnpm.experience.core.rules.library import default_rules

from ._support import changed, d, library_with

TODAY = date(2026, 11, 25)
HEADER = ",".join(ENTRY_COLUMNS)
MUST_NAME = "row 1: the header must name exactly these columns: " + ", ".join(ENTRY_COLUMNS)
AT_MOST_24 = "a day holds at most 24."
PROBABLY_8BIT = "it was probably saved as Latin-1 or Windows-1252."
WEB = ProjectMonths(Month(2026, 1))
KNOWN = {"web": WEB, "old": ProjectMonths(Month(2020, 1), Month(2020, 6))}

ENTRIES = [
    Entry(
        "web",
        d("2026-11-02"),
        Decimal("7.5"),
        "Kick-off",
        frozenset({"IN", "PL"}),
        frozenset({"people"}),
        "Notes, with a comma",
    ),
    Entry("web", d("2026-11-02"), Decimal("0.25"), "+1 call", notes="line one\nline two"),
    Entry(
        "old",
        d("2020-02-29"),
        Decimal("24"),
        "Leap day",
        frozenset({"CL"}),
        frozenset({"process", "business_environment"}),
    ),
]


def test_entries_round_trip() -> None:
    result = parse_entries_csv(write_entries_csv(ENTRIES), projects=KNOWN, today=TODAY)
    assert result.problems == ()
    assert result.rows == tuple(ENTRIES)


def entries_file(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows]).encode("utf-8")


def problems_of(data: bytes, existing: dict[date, Decimal] | None = None) -> list[str]:
    result = parse_entries_csv(data, projects=KNOWN, today=TODAY, existing_hours_by_day=existing)
    assert result.rows == () or not result.problems
    return [str(problem) for problem in result.problems]


def test_a_hand_written_file_with_a_bom_spaces_and_any_column_order() -> None:
    header = "Date, HOURS ,project_ref,activity,notes,domains,process_groups"
    data = codecs.BOM_UTF8 + entries_file(" 2026-11-03 ,1.5, web ,Planning,, People ; process ,pl;Ex", header=header)
    result = parse_entries_csv(data, projects=KNOWN, today=TODAY)
    assert result.rows == (
        Entry(
            "web",
            d("2026-11-03"),
            Decimal("1.5"),
            "Planning",
            frozenset({"PL", "EX"}),
            frozenset({"people", "process"}),
        ),
    )


def test_blank_rows_are_skipped_and_a_header_alone_is_an_empty_import() -> None:
    assert (
        parse_entries_csv(entries_file("", "web,2026-11-03,1,,,,", ",,,,,,"), projects=KNOWN, today=TODAY).rows[0].hours
        == 1
    )
    result = parse_entries_csv(entries_file(), projects=KNOWN, today=TODAY)
    assert (result.ok, result.rows) == (True, ())


MALFORMED = [
    (
        "a missing and a misspelt column",
        entries_file("web,2026-11-03,1,,,", header="project_ref,date,hourz,activity,process_groups,domains"),
        [
            "row 1: missing column(s): hours, notes",
            "row 1: unknown column(s): hourz",
            MUST_NAME,
        ],
    ),
    (
        "an extra column and a repeated one",
        entries_file(header=HEADER + ",date,billable"),
        [
            "row 1: unknown column(s): billable",
            "row 1: column(s) given twice: date",
            MUST_NAME,
        ],
    ),
    (
        "bad dates",
        entries_file("web,2026-02-30,1,,,,", "web,05/11/2026,1,,,,", "web,2026-11,1,,,,", "web,,1,,,,"),
        [
            "row 2, date: '2026-02-30' is not a date; write YYYY-MM-DD, e.g. 2024-03-05",
            "row 3, date: '05/11/2026' is not a date; write YYYY-MM-DD, e.g. 2024-03-05",
            "row 4, date: '2026-11' is not a date; write YYYY-MM-DD, e.g. 2024-03-05",
            "row 5, date: is required",
        ],
    ),
    (
        "bad numbers",
        entries_file(
            'web,2026-11-03,"7,5",,,,', "web,2026-11-03,seven,,,,", "web,2026-11-03,NaN,,,,", "web,2026-11-03,0.1,,,,"
        ),
        [
            "row 2, hours: '7,5' is not a number; use a dot for decimals, e.g. 7.5",
            "row 3, hours: 'seven' is not a number",
            "row 4, hours: 'NaN' is not a number",
            "row 5, hours: Log hours in steps of 0.25 (15 minutes).",
        ],
    ),
    (
        "an unknown project reference",
        entries_file("website,2026-11-03,1,,,,"),
        ["row 2, project_ref: no project 'website'; import its project first or fix the reference"],
    ),
    (
        "entry rules: the future, outside the project, unknown tags",
        entries_file("web,2026-11-26,1,,,,", "old,2020-07-01,1,,,,", "web,2026-11-03,1,,QA,,"),
        [
            "row 2, date: 2026-11-26 is in the future; log hours once the work is done.",
            "row 3, date: 2020-07-01 is outside the project's months (2020-01 to 2020-06).",
            "row 4, process_groups: unknown tag(s) QA; use IN, PL, EX, MC, CL",
        ],
    ),
    (
        "a day over 24 hours across rows, every row of it named",
        entries_file("web,2026-11-03,20,,,,", "old,2020-01-06,8,,,,", "web,2026-11-03,4.25,,,,"),
        [
            "row 2, hours: With the 4.25 h already logged on 2026-11-03, this day would hold 24.25 h; " + AT_MOST_24,
            "row 4, hours: With the 20 h already logged on 2026-11-03, this day would hold 24.25 h; " + AT_MOST_24,
        ],
    ),
    (
        "a row of the wrong width",
        entries_file("web,2026-11-03,1,,,", "web,2026-11-03,1,,,,,extra"),
        ["row 2: has 6 values, but the header has 7 columns", "row 3: has 8 values, but the header has 7 columns"],
    ),
    (
        "broken quoting",
        entries_file('web,2026-11-03,1,"a"b,,,'),
        ["row 2: cannot be read as CSV: ',' expected after '\"'"],
    ),
    ("an empty file", b"", ["The file is empty."]),
    ("only blank lines", b"\r\n \n", ["The file is empty."]),
]


@pytest.mark.parametrize(("data", "expected"), [case[1:] for case in MALFORMED], ids=[case[0] for case in MALFORMED])
def test_a_malformed_entries_file(data: bytes, expected: list[str]) -> None:
    assert problems_of(data) == expected


def test_hours_already_logged_count_toward_the_day() -> None:
    data = entries_file("web,2026-11-03,4,,,,")
    assert problems_of(data, {d("2026-11-03"): Decimal(20)}) == []
    assert problems_of(data, {d("2026-11-03"): Decimal("20.25")}) == [
        "row 2, hours: With the 20.25 h already logged on 2026-11-03, this day would hold 24.25 h; " + AT_MOST_24
    ]


def test_one_bad_row_means_no_row_at_all() -> None:
    result = parse_entries_csv(
        entries_file("web,2026-11-03,1,,,,", "web,2026-11-04,x,,,,", "web,2026-11-05,1,,,,"),
        projects=KNOWN,
        today=TODAY,
    )
    assert result.rows == () and not result.ok and len(result.problems) == 1


SAVE_AS = 'Save it as "CSV UTF-8" (in Excel: File > Save As > CSV UTF-8) and import it again.'
TEXT = HEADER + "\nweb,2026-11-03,1,Café,,,Müller\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (TEXT.encode("utf-16"), f"The file is UTF-16 or UTF-32 text, not UTF-8. {SAVE_AS}"),
        (TEXT.encode("utf-16-le"), f"The file is UTF-16 or UTF-32 text, not UTF-8. {SAVE_AS}"),
        (TEXT.encode("utf-32"), f"The file is UTF-16 or UTF-32 text, not UTF-8. {SAVE_AS}"),
        (
            TEXT.encode("latin-1"),
            f"The file is not UTF-8: byte 0xE9 on line 2 is not UTF-8 text; {PROBABLY_8BIT} {SAVE_AS}",
        ),
        (
            (HEADER + "\nweb,2026-11-03,1,“quoted”,,,\n").encode("cp1252"),
            f"The file is not UTF-8: byte 0x93 on line 2 is not UTF-8 text; {PROBABLY_8BIT} {SAVE_AS}",
        ),
    ],
    ids=["UTF-16 with BOM", "UTF-16 without BOM", "UTF-32", "Latin-1", "Windows-1252"],
)
def test_a_file_in_another_encoding_is_refused_with_a_hint(data: bytes, expected: str) -> None:
    assert problems_of(data) == [expected]


def test_utf8_with_and_without_bom_reads_the_same() -> None:
    plain = parse_entries_csv(TEXT.encode("utf-8"), projects=KNOWN, today=TODAY)
    with_bom = parse_entries_csv(TEXT.encode("utf-8-sig"), projects=KNOWN, today=TODAY)
    assert plain.rows == with_bom.rows and plain.rows[0].activity == "Café"


def test_a_file_over_the_size_cap_is_refused_before_it_is_read() -> None:
    cap = default_rules().hours_log.import_max_bytes
    row = "web,2026-11-03,0.25,,,,\n"
    big = (HEADER + "\n" + row * (cap // len(row) + 1)).encode()
    assert problems_of(big) == [f"The file has {len(big) / 1_048_576:.1f} MB; the limit is 4.0 MB."]
    ten_mb = b"x" * 10_000_000
    assert problems_of(ten_mb) == ["The file has 9.5 MB; the limit is 4.0 MB."]


def test_the_caps_come_from_the_rule_set() -> None:
    rules = library_with(changed(changed(default_rules().hours_log, "import_max_bytes", 200), "import_max_rows", 2))
    small = entries_file("web,2026-11-03,1,,,,", "web,2026-11-04,1,,,,", "web,2026-11-05,1,,,,")
    assert len(small) == 123
    assert [str(p) for p in parse_entries_csv(small, projects=KNOWN, today=TODAY, rules=rules).problems] == [
        "The file has more than 2 rows; split it into smaller files."
    ]
    assert [
        str(p) for p in parse_entries_csv(small + b" " * 78, projects=KNOWN, today=TODAY, rules=rules).problems
    ] == ["The file has 201 bytes; the limit is 200 bytes."]
