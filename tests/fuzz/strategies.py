"""Hypothesis strategies of what an attacker or a careless user sends: odd numbers, dates, text, ids, files, bodies."""

from __future__ import annotations

import io
import json
from datetime import date
from functools import cache
from typing import Any

from hypothesis import strategies as st

from tests.fuzz.html_forms import FormField

ODD_NUMBERS = ("NaN", "nan", "-NaN", "sNaN", "Infinity", "-Infinity", "inf", "-0", "0", "-1", "1e28", "9" * 30,
               "1e-30", "0.001", "1.255", "1,5", "1.5.5", "2147483647", "2147483648", "-2147483649",
               "9223372036854775807", "9223372036854775808", "99999999999999999999", "1e999999", "0x10", " 1 ",
               "１２", "٣", "1_000", "+3", ".5", "5.", "1e", "", " ")
ODD_DATES = ("0000-00-00", "9999-12-31", "2024-02-30", "0001-01-01", "2024-13-01", "99999-01-01", "-001-01-01",
             "2024-1-1", "2024-01", "9999-12", "0000-01", "2024-00", "1970-01-01T00:00", "31/12/2024", "today")
ODD_TEXT = ("\x00", "a\x00b", "\x01\x02\x1b[31m", "\x7f\x85\x9f", "\u202eevil", "\ufeff", "\ud7ff", "😀" * 50,
            "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "%00", "{{7*7}}", "x" * 5000,
            "\r\n\r\n", "\t", "Ω≈ç√∫", "\u0000\u0000", "null", "[]", "{}", "true")
ODD_IDS = (0, -1, 1, 2, 3, 7, 2**31 - 1, 2**31, 2**32, 2**53 + 1, 2**63 - 1, 2**63, 2**64, 10**30)
ODD_SEGMENTS = ("\x00", "a%00b", "%2F", "..", "%2e%2e", "😀", "x" * 300, "<x>", "-1", "2147483648", "%FF", "%",
                " ", "a b", "'", "null")

# Mostly the listed values (cheap to draw, and each a known trap), sometimes anything hypothesis makes up.
odd_text = st.one_of(st.sampled_from(ODD_TEXT), st.sampled_from(ODD_TEXT),
                     st.text(max_size=40), st.text(st.characters(max_codepoint=0x9F), max_size=20))
odd_number = st.one_of(st.sampled_from(ODD_NUMBERS), st.sampled_from(ODD_NUMBERS),
                       st.decimals(allow_nan=True, allow_infinity=True).map(str), st.integers().map(str),
                       st.floats().map(repr))
odd_date = st.one_of(st.sampled_from(ODD_DATES), st.dates().map(str))
any_odd = st.one_of(odd_text, odd_number, odd_date)


@cache
def file_values(name: str) -> st.SearchStrategy[Any]:
    """Return what may be sent where a file is expected: a text value, random bytes, CSV, XLSX-looking bytes."""
    payloads = st.one_of(
        st.binary(max_size=300),
        st.sampled_from([b"", b"PK\x03\x04" + b"\x00" * 60, b"%PDF-1.4\n%%EOF", b"\x89PNG\r\n\x1a\n" + b"\x00" * 30,
                         b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "\ufeffa;b\n1;2\n".encode("utf-8-sig")]),
        st.lists(st.lists(any_odd, min_size=1, max_size=5), max_size=5).map(
            lambda rows: "\n".join(",".join(row) for row in rows).encode("utf-8", "surrogatepass")),
    )
    names = st.sampled_from(["a.csv", "a.xlsx", "a.pdf", "a.png", "a.ics", "", "../x.csv", "x\x00.csv", "😀.csv"])
    upload = st.builds(lambda data, filename: (io.BytesIO(data), filename), payloads, names)
    return st.one_of(upload, odd_text)


@cache
def field_value(form_field: FormField) -> st.SearchStrategy[Any]:
    """Return a value for one field: mostly a trap for its kind (numbers for a number, dates for a date), else
    an option the page offered or anything odd."""
    if form_field.kind == "file":
        return file_values(form_field.name)
    dates = (st.sampled_from(ODD_DATES), odd_date)
    traps = {"number": (st.sampled_from(ODD_NUMBERS), odd_number), "date": dates, "month": dates}.get(
        form_field.kind, (st.sampled_from(ODD_TEXT), odd_text))
    offered = [value for value in (form_field.value, *form_field.options) if value]
    return st.one_of(*traps, *traps[:1], *([st.sampled_from(offered)] if offered else []), any_odd)


TODAY = date.today()
# What a person would type in an empty field of each kind, so that one odd field is what a case is refused for.
PLAUSIBLE = {"text": "Food bank rota", "textarea": "Planned the rota with the volunteers.", "number": "1",
             "date": TODAY.isoformat(), "month": TODAY.isoformat()[:7], "email": "someone@example.org",
             "password": "a quiet harbour at dawn", "search": "rota", "tel": "+44 20 7946 0000"}


def kept(form_field: FormField) -> str:
    """Return what the page filled in, else its first option, else what a person would type there."""
    if form_field.value:
        return form_field.value
    options = [option for option in form_field.options if option]
    if form_field.kind in ("select", "radio") and options:
        return options[0]
    return PLAUSIBLE.get(form_field.kind, "")


@st.composite
def form_data(draw: st.DrawFn, fields: tuple[FormField, ...]) -> dict[str, Any]:
    """Draw a submission of a form: mostly one or two fields changed, left out or repeated and the rest as the page
    filled them (so the odd value gets past the other checks to the rules behind); sometimes every field at once."""
    data: dict[str, Any] = {f.name: kept(f) for f in fields if f.kind != "file"}
    everything = draw(st.integers(0, 3)) == 0 or not fields
    targets = fields if everything else draw(st.lists(st.sampled_from(fields), min_size=1, max_size=2, unique=True))
    for form_field in targets:
        action = draw(st.sampled_from(["odd", "odd", "odd", "omit", "repeat"] + (["keep"] if everything else [])))
        if action == "odd":
            data[form_field.name] = draw(field_value(form_field))
        elif action == "omit":
            data.pop(form_field.name, None)
        elif action == "repeat":
            data[form_field.name] = draw(st.lists(field_value(form_field), min_size=2, max_size=3))
    extra = draw(st.dictionaries(st.sampled_from(["id", "user_id", "next", "\x00", "a[]", "csrf_token", "x" * 100]),
                                 any_odd, max_size=2))
    return {**extra, **data}


def json_value() -> st.SearchStrategy[Any]:
    """Return JSON values of every type, nested a little."""
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=10))
    return st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                        max_leaves=8)


@st.composite
def body(draw: st.DrawFn, fields: tuple[FormField, ...]) -> dict[str, Any]:
    """Draw the keyword arguments of a POST: mostly a form, sometimes JSON, a wrong content type or raw bytes."""
    kind = draw(st.sampled_from(["form"] * 6 + ["json", "json-array", "text", "raw-form"]))
    names = [f.name for f in fields] or ["value"]
    if kind == "form":
        return {"data": draw(form_data(fields))}
    if kind == "json":
        payload = {name: draw(json_value()) for name in names}
        return {"data": json.dumps(payload), "content_type": "application/json"}
    if kind == "json-array":
        return {"data": json.dumps(draw(st.lists(json_value(), max_size=3))), "content_type": "application/json"}
    if kind == "text":
        content_type = draw(st.sampled_from(["text/plain", "application/xml", "multipart/form-data", "", "*/*"]))
        return {"data": draw(st.binary(max_size=200)), "content_type": content_type}
    return {"data": draw(st.binary(max_size=200)), "content_type": "application/x-www-form-urlencoded"}


def url_value(converter: str, seen: list[str]) -> st.SearchStrategy[Any]:
    """Return a value for a URL argument: one the site linked to, or an odd one for its converter."""
    known = [st.sampled_from(seen)] if seen else []
    if converter == "int":
        return st.one_of(*known, st.sampled_from(ODD_IDS), st.integers(min_value=0))
    return st.one_of(*known, st.sampled_from(ODD_SEGMENTS), st.text(min_size=1, max_size=30))


query_strings = st.lists(st.tuples(st.sampled_from(["page", "project", "day", "repeat", "edit", "next", "code",
                                                    "competency", "length", "status", "from", "to", "week"]),
                                   st.one_of(any_odd, st.sampled_from([str(i) for i in ODD_IDS]))), max_size=4)
