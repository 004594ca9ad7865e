"""The POST forms of a page as the fuzz suite sees them: where each posts, its fields, what the page filled in."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any


@dataclass(frozen=True)
class FormField:
    """One control of a harvested form: its name, its kind, what the page filled in, the options it offers."""

    name: str
    kind: str  # text, textarea, select, checkbox, radio, file, hidden, number, date, month, email, password, submit
    value: str = ""
    options: tuple[str, ...] = ()
    multiple: bool = False


@dataclass(frozen=True)
class HarvestedForm:
    """A form a page showed to a role: where it posts and its fields."""

    role: str
    page: str
    action: str
    endpoint: str
    multipart: bool
    fields: tuple[FormField, ...]


class FormParser(HTMLParser):
    """Collect every `<form method="post">` of a page with its inputs, selects, text areas and buttons, and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self.links: list[str] = []
        self._form: dict[str, Any] | None = None
        self._select: dict[str, Any] | None = None
        self._textarea: dict[str, Any] | None = None
        self._option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "form":
            self._open_form(a)
        elif self._form is None:
            return
        if tag in ("input", "button") and a.get("formaction"):  # a button that sends the same fields elsewhere
            self._form["formactions"].append(a["formaction"])
        if tag in ("input", "button") and a.get("name"):
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            checked = "checked" in a if kind in ("checkbox", "radio") else True
            self._form["fields"].append((a["name"], kind, a.get("value", "on" if kind == "checkbox" else ""), checked))
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "options": [], "multiple": "multiple" in a, "selected": ""}
        elif tag == "option" and self._select is not None:
            self._option = a.get("value")
            if "selected" in a:
                self._select["selected"] = a.get("value", "")
            if self._option is not None:
                self._select["options"].append(self._option)
        elif tag == "textarea" and a.get("name"):
            self._textarea = {"name": a["name"], "text": ""}

    def _open_form(self, a: dict[str, str]) -> None:
        if a.get("method", "get").lower() == "post":
            self._form = {"action": a.get("action", ""), "multipart": "multipart" in a.get("enctype", ""),
                          "fields": [], "formactions": []}
            self.forms.append(self._form)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            if self._form is not None:
                self.forms.extend({**self._form, "action": action, "formactions": []}
                                  for action in self._form["formactions"])
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            s = self._select
            self._form["fields"].append((s["name"], "select", s["selected"], tuple(s["options"]), s["multiple"]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form["fields"].append((self._textarea["name"], "textarea", self._textarea["text"].strip("\n"), True))
            self._textarea = None


def parse_fields(raw: list[tuple[Any, ...]]) -> tuple[FormField, ...]:
    """Merge the controls of a form by name (radios and checkboxes of one name become one field with options)."""
    merged: dict[str, FormField] = {}
    for item in raw:
        name, kind = item[0], item[1]
        if kind == "select":
            merged[name] = FormField(name, "select", item[2] or (item[3][0] if item[3] else ""), item[3], item[4])
            continue
        value, chosen = item[2], item[3]
        known = merged.get(name)
        if known is None:
            merged[name] = FormField(name, kind, value if chosen else "", (value,), kind == "checkbox")
        else:
            merged[name] = FormField(name, known.kind, known.value or (value if chosen else ""),
                                     (*known.options, value), known.multiple)
    return tuple(merged.values())
