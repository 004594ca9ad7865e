"""The only way a PDF may load anything: the app's own static files, never the disk or the network."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_BASE_URL = "learnpm-static:/"


class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]
    """Serve `learnpm-static:/path` from one folder; refuse every other URL, file: and http(s): included."""

    def __init__(self, static_folder: Path) -> None:
        super().__init__(allowed_protocols=["learnpm-static"], allow_redirects=False, fail_on_errors=False)
        self.root = static_folder.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        """Return a static file, or raise so that WeasyPrint leaves the resource out."""
        path = self._local_path(url)
        if path is None:
            self.refused.append(url)
            raise ValueError(f"learnpm PDFs load only their own static files, not {url[:80]!r}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    def _local_path(self, url: str) -> Path | None:
        """Return the file a static URL names, if it lies inside the folder (symlinks resolved)."""
        if not url.startswith(STATIC_BASE_URL):
            return None
        relative = url[len(STATIC_BASE_URL):].split("?", 1)[0].split("#", 1)[0].lstrip("/")
        candidate = (self.root / relative).resolve()
        if not candidate.is_relative_to(self.root) or not candidate.is_file():
            return None
        return candidate
