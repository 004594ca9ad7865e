"""Searches in the database: a text column compared with a search's words whatever their case and accents.

SQLite is given a function that folds texts as `learnpm.core.search.fold` does (see learnpm.db); PostgreSQL
lowers the text and replaces the accented letters of the languages our users write in by their base letters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

FOLD_FUNCTION = "learnpm_fold"
# After lower(): the letters fold() turns into their base letter, for PostgreSQL's translate().
ACCENTED = "ąćęłńóśźżàáâãäåçèéêëìíîïñòôõöøùúûüýÿčďěňřšťůžőű"
PLAIN = "acelnoszzaaaaaaceeeeiiiinooooouuuuyycdenrstuzou"
_FROM, _TO = ACCENTED + ACCENTED.upper(), PLAIN + PLAIN


class Folded(FunctionElement[str]):
    """A text in lower case without accents."""

    type = String()
    inherit_cache = True


@compiles(Folded, "sqlite")
def _folded_on_sqlite(element: Folded, compiler: Any, **kw: Any) -> str:
    return f"{FOLD_FUNCTION}({compiler.process(element.clauses, **kw)})"


@compiles(Folded)
def _folded_elsewhere(element: Folded, compiler: Any, **kw: Any) -> str:
    # Upper-case accented letters too: lower() leaves them alone in a database made with the C locale.
    return f"translate(lower({compiler.process(element.clauses, **kw)}), '{_FROM}', '{_TO}')"


def holding_every_word(columns: Sequence[Any], words: Sequence[str]) -> list[ColumnElement[bool]]:
    """Return the conditions of rows where each (folded) word stands in one of the columns at least."""
    return [or_(*(Folded(column).contains(word, autoescape=True) for column in columns)) for word in words]
