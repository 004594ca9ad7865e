"""What a request must look like before any view reads it: ids the database can hold, bodies that are forms."""

from __future__ import annotations

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter, Map, UnicodeConverter

# The largest value of a 32-bit signed INTEGER column, the id type on every database learnpm runs on.
MAX_ID = 2**31 - 1

FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


class IdConverter(IntegerConverter):
    """`<int:...>` in a URL, bounded to what an id column holds: a larger number matches no route (a 404)."""

    def __init__(self, map: Map, *args: object, **kwargs: object) -> None:  # noqa: A002 (werkzeug's name)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)  # type: ignore[arg-type]


class SegmentConverter(UnicodeConverter):
    """A text part of a URL (a token, a document's id): control characters in it match no route (a 404).

    PostgreSQL refuses a NUL in a query where SQLite would look it up; neither is ever part of an address we make.
    """

    def __init__(self, map: Map, minlength: int = 1, maxlength: int | None = None,  # noqa: A002 (werkzeug's name)
                 length: int | None = None) -> None:
        super().__init__(map, minlength, maxlength, length)
        self.regex = self.regex.replace("[^/]", r"[^/\x00-\x1f\x7f-\x9f]")


def as_id(value: str) -> int:
    """Read a query or form value as an id; raise ValueError when it is not one (for `request.args.get(type=...)`)."""
    text = value.strip()
    if not text.isascii() or not text.isdigit() or int(text) > MAX_ID:
        raise ValueError(f"{value!r} is not an id")
    return int(text)


def refuse_bodies_that_are_not_forms() -> None:
    """Answer 400 to a request whose body is not a form: JSON, XML or raw bytes never reach code that expects text."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if request.mimetype in FORM_TYPES:
        return
    if not request.mimetype and not request.content_length:
        return  # a button that sends nothing but the request itself
    abort(400)


def init_app(app: Flask) -> None:
    """Bound the ids of URLs and refuse bodies that are not forms."""
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["default"] = app.url_map.converters["string"] = SegmentConverter
    app.before_request(refuse_bodies_that_are_not_forms)
