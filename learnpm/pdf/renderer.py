"""Render print templates to tagged PDFs: one font configuration, stylesheet and image cache per process, a bounded
queue."""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from typing import Any

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from learnpm.paths import static_dir
from learnpm.pdf.fetcher import STATIC_BASE_URL, StaticOnlyFetcher

# Rendering is CPU-bound: two at a time per process keeps a burst of exports from starving the site.
MAX_CONCURRENT_RENDERS = 2
WAIT_FOR_A_SLOT_SECONDS = 20
_slots = threading.BoundedSemaphore(MAX_CONCURRENT_RENDERS)
_fonts = FontConfiguration()
_image_cache: dict[str, Any] = {}


class RendererBusy(Exception):
    """Every render slot stayed taken for too long; the caller should ask the user to try again."""


@dataclass(frozen=True)
class RenderedPdf:
    """A PDF and the URLs its HTML asked for that were refused."""

    data: bytes
    refused: tuple[str, ...]


@functools.cache
def print_stylesheet() -> CSS:
    """Return the print stylesheet, parsed once per process through the static-only fetcher."""
    fetcher = StaticOnlyFetcher(static_dir())
    return CSS(url=f"{STATIC_BASE_URL}pdf/print.css", url_fetcher=fetcher, font_config=_fonts)


def render_pdf(html: str) -> RenderedPdf:
    """Render a print template's HTML (title, author, subject and language come from its head)."""
    if not _slots.acquire(timeout=WAIT_FOR_A_SLOT_SECONDS):
        raise RendererBusy()
    try:
        fetcher = StaticOnlyFetcher(static_dir())
        document = HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=fetcher)
        data = document.write_pdf(stylesheets=[print_stylesheet()], font_config=_fonts, pdf_variant="pdf/ua-1",
                                  pdf_tags=True, cache=_image_cache, custom_metadata=True)
        return RenderedPdf(data, tuple(fetcher.refused))
    finally:
        _slots.release()
