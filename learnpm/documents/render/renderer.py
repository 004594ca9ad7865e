"""Turn a print template's HTML into a tagged PDF in this process, with one font configuration, stylesheet and
image cache per process. The site calls it through the worker pool (`learnpm.documents.render.pool`), never directly."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from learnpm.documents.render.fetcher import STATIC_BASE_URL, StaticOnlyFetcher
from learnpm.documents.render.pool import RenderedPdf

_fonts = FontConfiguration()
_image_cache: dict[str, Any] = {}


@functools.cache
def print_stylesheet(static_folder: Path) -> CSS:
    """Return the print stylesheet, parsed once per process through the static-only fetcher."""
    fetcher = StaticOnlyFetcher(static_folder)
    return CSS(url=f"{STATIC_BASE_URL}pdf/print.css", url_fetcher=fetcher, font_config=_fonts)


def render_here(html: str, static_folder: Path) -> RenderedPdf:
    """Render HTML whose resources may only come from `static_folder` (title, author, subject and language come
    from its head)."""
    fetcher = StaticOnlyFetcher(static_folder)
    document = HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=fetcher)
    data = document.write_pdf(stylesheets=[print_stylesheet(static_folder)], font_config=_fonts,
                              pdf_variant="pdf/ua-1", pdf_tags=True, cache=_image_cache, custom_metadata=True)
    return RenderedPdf(data, tuple(fetcher.refused))
