"""How responses travel: static files fingerprinted and cached for a year, responses compressed.

Every `url_for("static", ...)` gets `?v=` and the first twelve hex digits of the file's SHA-256, so a browser may
keep a file for a year without asking again: a changed file has a new address. Templates link them with
`static_url(filename)`, the same address built once per server process (a deploy restarts it), or every time in debug
mode, where files change under a running server. A request without the current
fingerprint (an old page, a hand-typed address) is answered with a short cache life and an ETag instead.
Responses are compressed by Flask-Compress (brotli at its fastest quality when the browser offers it, else gzip)
from 500 bytes on.
"""

from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, current_app, request, url_for
from flask_compress import Compress

YEAR = 365 * 24 * 3600
SHORT = 300  # seconds a file asked for without its current fingerprint may be kept

compress = Compress()
_lock = threading.Lock()
_fingerprints: dict[tuple[str, int, int], str] = {}


def init_app(app: Flask) -> None:
    """Fingerprint static addresses, set their cache life and compress responses."""
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    # Each page is compressed anew for one visitor: brotli's fastest quality (nginx's gzip default is its fastest
    # level too) costs a quarter of the default's time, for a few hundred bytes more on a page of ten thousand.
    app.config.setdefault("COMPRESS_BR_LEVEL", 1)
    app.config.setdefault("COMPRESS_MIMETYPES", [
        "text/html", "text/css", "text/plain", "text/csv", "text/calendar", "application/javascript",
        "text/javascript", "application/json", "image/svg+xml"])
    compress.init_app(app)
    app.url_defaults(_add_fingerprint)
    app.after_request(_cache_static)


def static_url(filename: str) -> str:
    """Return the fingerprinted address of a static file: every page's frame links the same few files, and reading
    each one's size and time and building its address again cost a tenth of a small page."""
    if current_app.debug:
        return url_for("static", filename=filename)
    return _static_built(request.script_root, current_app.static_folder or "", filename)


@lru_cache(maxsize=256)
def _static_built(_script_root: str, _folder: str, filename: str) -> str:
    return url_for("static", filename=filename)


def fingerprint(folder: str, filename: str) -> str | None:
    """Return the fingerprint of a static file (kept while its size and time stay the same), None if missing."""
    path = Path(folder) / filename
    try:
        stat = path.stat()
    except OSError:
        return None
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    with _lock:
        known = _fingerprints.get(key)
    if known is None:
        known = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        with _lock:
            _fingerprints[key] = known
    return known


def _add_fingerprint(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values and "v" not in values:
        found = fingerprint(current_app.static_folder or "", values["filename"])
        if found:
            values["v"] = found


def _read_whole(response: Response) -> None:
    """Read a static file into the response and close it: the files are small, and compressing a stream of them
    would leave the file open until the garbage collector found it."""
    if response.direct_passthrough:
        wrapped = response.response
        response.direct_passthrough = False
        response.make_sequence()
        close = getattr(wrapped, "close", None)
        if close is not None:
            close()


def _close_unsent(response: Response) -> None:
    """Close the file behind an answer without a body (304): a server whose client dropped the connection may never
    close the answer itself, and the file would stay open until the garbage collector found it."""
    if response.direct_passthrough:
        close = getattr(response.response, "close", None)
        if close is not None:
            close()
        response.direct_passthrough = False
        response.response = []


def _cache_static(response: Response) -> Response:
    if request.endpoint != "static":
        return response
    if response.status_code == 304:
        _close_unsent(response)
        return response
    _read_whole(response)
    if response.status_code != 200:
        return response
    current = fingerprint(current_app.static_folder or "", (request.view_args or {}).get("filename", ""))
    if current is not None and request.args.get("v") == current:
        response.cache_control.public = True
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
    else:
        response.cache_control.public = True
        response.cache_control.max_age = SHORT
    return response
