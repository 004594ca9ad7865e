"""Visitors of a served site over real HTTP, and requests fired at the same moment from several threads."""

from __future__ import annotations

import copy
import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from werkzeug.test import encode_multipart

from tests.functional.support import PROJECT
from tests.support import CSRF_PATTERN, PASSWORD

T = TypeVar("T")
TIMEOUT = 60  # seconds any one request, or a whole burst, may take before the test gives up


@dataclass(frozen=True)
class Reply:
    """What the server answered."""

    status: int
    text: str
    location: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Visitor:
    """One browser: its own cookies, talking to the served site over loopback."""

    def __init__(self, base_url: str, jar: http.cookiejar.CookieJar | None = None, user: Any = None) -> None:
        self.base_url = base_url
        self.user = user  # the account logged in, if any
        self.jar = jar if jar is not None else http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def clone(self) -> Visitor:
        """Return another browser holding the same cookies (the same login), with a jar of its own."""
        jar = http.cookiejar.CookieJar()
        for cookie in self.jar:
            jar.set_cookie(copy.copy(cookie))
        return Visitor(self.base_url, jar, self.user)

    def get(self, path: str) -> Reply:
        return self._open(urllib.request.Request(self.base_url + path))

    def post(self, path: str, data: dict[str, Any], token: str | None = None) -> Reply:
        """Post a form the way a browser does; the CSRF token is read from `path` unless given."""
        body = urllib.parse.urlencode({"csrf_token": token or self.token(path), **data}, doseq=True).encode()
        return self._open(urllib.request.Request(self.base_url + path, data=body, method="POST"))

    def upload(self, path: str, fields: dict[str, Any], token: str) -> Reply:
        """Post a multipart form (files given as FileStorage) the way a browser does."""
        boundary, body = encode_multipart({"csrf_token": token, **fields})
        request = urllib.request.Request(self.base_url + path, data=body, method="POST",
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        return self._open(request)

    def token(self, page: str) -> str:
        """Return the CSRF token of the first form on `page`."""
        match = CSRF_PATTERN.search(self.get(page).text)
        assert match, f"no form on {page}"
        return match.group(1) or match.group(2)

    def login(self, email: str, password: str = PASSWORD) -> Visitor:
        reply = self.post("/login", {"email": email, "password": password})
        assert reply.status == 302, reply.text[:500]
        return self

    def _open(self, request: urllib.request.Request) -> Reply:
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                return Reply(response.status, response.read().decode(), response.headers.get("Location", ""))
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode(), error.headers.get("Location", ""))


def at_once(calls: Sequence[Callable[[], T]]) -> list[T]:
    """Run every call in its own thread, all released together; return their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait(timeout=TIMEOUT)
        try:
            results[index] = calls[index]()
        except BaseException as error:  # the test reports it, rather than a thread dying quietly
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a request did not finish"
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


def statuses(replies: Sequence[Reply]) -> list[int]:
    return sorted(reply.status for reply in replies)


def add_project(learner: Visitor, **changes: str) -> int:
    """Log a project through its form; return its id."""
    reply = learner.post("/experience/projects/new", {**PROJECT, **changes})
    assert reply.status == 302, reply.text[:2000]
    return int(re.search(r"/projects/(\d+)$", reply.location)[1])


def server_errors(replies: Sequence[Reply]) -> list[str]:
    """Return the start of every page that answered 5xx."""
    return [reply.text[:300] for reply in replies if reply.status >= 500]
