"""How long a document will be, told from a cheap count before it is gathered, and whether it should be prepared in
the background rather than while the request waits. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

# Measured with benchmarks/documents.py: an entry whose activity fills a line takes about 18 to a page of the
# transcript's table, shorter ones up to about 26; the totals take the first page.
ENTRIES_PER_PAGE = 20
FRONT_PAGES = 1


@dataclass(frozen=True)
class DocumentLength:
    """What a document will print: how many entries, about how many pages, and whether that is long to wait for."""

    entries: int
    pages: int
    long: bool

    def background_message(self, title: str) -> str:
        """Say why the document is prepared in the background, in the words the learner reads on the progress page."""
        return (f"This {title.lower()} holds {self.entries:,} entries, about {self.pages:,} pages: it is being "
                "prepared in the background, which takes a little while. You may leave this page; it will be in "
                "your prepared documents.")


def pages_for(entries: int) -> int:
    """Return about how many pages a transcript of `entries` entries prints."""
    return FRONT_PAGES + -(-max(entries, 0) // ENTRIES_PER_PAGE)


def entries_length(entries: int, background_beyond: int, at_most: int) -> DocumentLength:
    """Tell how long a document of `entries` entries is; long when it holds more than `background_beyond` of them.

    One past `at_most` is not long but refused: the learner is told at once to choose a shorter period.
    """
    return DocumentLength(entries, pages_for(entries), background_beyond < entries <= at_most)


def already_preparing_message(title: str) -> str:
    """Say that the same document asked for again is the one being prepared already."""
    return (f"This {title.lower()}, for the same months, is already being prepared: here is its progress. "
            "Nothing new was started.")
