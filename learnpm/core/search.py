"""What a search typed into a box means: its words, bounded, compared whatever their case and accents."""

from __future__ import annotations

import unicodedata

QUERY_LENGTH = 100  # characters of a search kept; a longer one is cut, never refused
QUERY_WORDS = 10  # words of a search matched; the rest are ignored

# Letters that Unicode does not decompose into a base letter and an accent, written as a learner would type them.
_UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "œ": "oe", "æ": "ae"})


def fold(text: str) -> str:
    """Return the text in lower case without accents, so that "Łódź" and "lodz" compare equal."""
    if text.isascii():  # most texts: nothing to decompose, and ASCII's casefold is its lower case
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_UNDECOMPOSED))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).translate(_UNDECOMPOSED)


def clean_query(query: str) -> str:
    """Return the search as the page repeats it: bounded, printable, spaces collapsed."""
    return " ".join("".join(char if char.isprintable() else " " for char in query[:QUERY_LENGTH]).split())


def search_words(query: str) -> list[str]:
    """Return the folded words of a search, bounded in length and number (control characters dropped)."""
    return fold(clean_query(query)).split()[:QUERY_WORDS]
