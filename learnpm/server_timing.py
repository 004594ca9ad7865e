"""The `Server-Timing` header, when the configuration asks for it: what a response cost the server.

With `SERVER_TIMING` on, every response says how long the application took to produce it (`app`, wall time from
the request's arrival to its headers) and how much of a processor that took (`cpu`, this thread's own time, which
waits for the database or for another thread do not count), in milliseconds. Browsers show it beside the request
in their developer tools; the load test reads it to tell which pages hold the server's throughput down.
Off by default: the figures say nothing a visitor needs, and a little about the server that they need not know.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def init_app(app: Flask) -> None:
    """Wrap the application in the timing middleware when `SERVER_TIMING` is set."""
    if app.config.get("SERVER_TIMING"):
        app.wsgi_app = timed(app.wsgi_app)  # type: ignore[method-assign]


def timed(wsgi_app: WsgiApp) -> WsgiApp:
    """Return `wsgi_app` answering with a `Server-Timing` header of its wall and processor time."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        wall, cpu = time.perf_counter(), time.thread_time()

        def start_timed(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            spent = (time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000
            headers.append(("Server-Timing", f"app;dur={spent[0]:.3f}, cpu;dur={spent[1]:.3f}"))
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        return wsgi_app(environ, start_timed)

    return application


def parse(header: str) -> dict[str, float]:
    """Return the durations of a `Server-Timing` header by metric name (metrics without one are left out)."""
    durations: dict[str, float] = {}
    for metric in header.split(","):
        name, *params = (part.strip() for part in metric.split(";"))
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "dur":
                try:
                    durations[name] = float(value)
                except ValueError:
                    pass
    return durations
