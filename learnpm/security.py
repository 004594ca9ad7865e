"""CSRF, rate limits, security headers and the checks on where a redirect may go."""

from __future__ import annotations

import ipaddress
import math
import time
from urllib.parse import urlsplit

from flask import Flask, Response, request
from flask_limiter import Limiter
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect
from limits import parse
from werkzeug.middleware.proxy_fix import ProxyFix

import learnpm.ratelimit_storage  # noqa: F401  (registers the shared counter file with Flask-Limiter)


def client_address() -> str:
    """Return who the request comes from, for rate limits: its address, or its /64 network for IPv6.

    One IPv6 subscriber gets a whole /64 and can change address at will; counting per address would let them.
    """
    address = request.remote_addr or "unknown"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


csrf = CSRFProtect()
limiter = Limiter(key_func=client_address, default_limits=[])
# The PDFs one address may ask for: each is a second or more of a renderer's time, where a page is milliseconds.
DOCUMENT_LIMIT = "20 per hour"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def init_app(app: Flask) -> None:
    """Switch on CSRF, rate limits, proxy handling and the security headers."""
    csrf.init_app(app)
    limiter.init_app(app)
    proxies = int(app.config["PROXY_COUNT"])
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies
        )
    app.after_request(add_security_headers)
    app.after_request(keep_private_pages_out_of_caches)


def within_limit(limit: str, *keys: str) -> bool:
    """Count one use of `keys` against `limit` (e.g. "3 per hour") and tell whether it was still allowed."""
    if not limiter.enabled:
        return True
    return limiter.limiter.hit(parse(limit), "learnpm", *keys)


def wait_before(limit: str, *keys: str) -> int | None:
    """Return the minutes to wait when `keys` have used up `limit`, else None; counts nothing."""
    if not limiter.enabled or limiter.limiter.test(parse(limit), "learnpm", *keys):
        return None
    reset_at = limiter.limiter.get_window_stats(parse(limit), "learnpm", *keys).reset_time
    return max(1, math.ceil((reset_at - time.time()) / 60))


def forget_uses(limit: str, *keys: str) -> None:
    """Start counting `keys` against `limit` afresh."""
    if limiter.enabled:
        limiter.limiter.clear(parse(limit), "learnpm", *keys)


def add_security_headers(response: Response) -> Response:
    """Add the headers that keep pages from being framed, sniffed or fed foreign scripts."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


# Pages opened with a secret link, no account needed: what they show is the link holder's alone.
TOKEN_PAGES = frozenset({"verification.confirm", "auth.reset_password", "auth.confirm_email"})


def keep_private_pages_out_of_caches(response: Response) -> Response:
    """Forbid storing what a logged-in user sees, any download and any secret-link page; static files stay cacheable.

    A shared computer's browser cache, a "back" after logging out or a proxy's cache would otherwise hold a learner's
    experience, exports and certificates.
    """
    if request.endpoint == "static":
        return response
    download = "Content-Disposition" in response.headers
    if download or request.endpoint in TOKEN_PAGES or current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response


def is_safe_next(target: str | None) -> bool:
    """Tell whether `target` is a path on this site, never another host."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if any(ord(char) < 32 or char == "\\" for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc
