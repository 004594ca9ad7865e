"""Static files under fingerprinted addresses cached for a year, and compressed responses."""

from __future__ import annotations

import gzip
import os
import re

import brotli


def _stylesheet(client) -> str:
    page = client.get("/login").get_data(as_text=True)
    return re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]{12})"', page)[1]


def test_pages_link_static_files_by_fingerprint_and_those_are_kept_a_year(client) -> None:
    with client.get(_stylesheet(client)) as response:
        assert response.status_code == 200
        assert response.cache_control.max_age == 365 * 24 * 3600 and response.cache_control.immutable


def test_a_static_file_asked_for_without_its_fingerprint_is_kept_minutes_only(client) -> None:
    for address in ("/static/css/site.css", "/static/css/site.css?v=000000000000"):
        with client.get(address) as response:
            assert response.status_code == 200
            assert response.cache_control.max_age == 300 and not response.cache_control.immutable


def test_the_fingerprint_changes_with_the_file(app, tmp_path) -> None:
    (tmp_path / "x.css").write_text("a { color: red; }")
    app.static_folder = str(tmp_path)
    first = re.search(r"v=(\w+)", _url(app, "x.css"))[1]
    (tmp_path / "x.css").write_text("a { color: blue; }")
    assert re.search(r"v=(\w+)", _url(app, "x.css"))[1] != first


def test_templates_link_the_current_fingerprint_and_follow_a_changed_file_in_debug_mode(app, tmp_path) -> None:
    from learnpm.responses import fingerprint, static_url

    (tmp_path / "y.css").write_text("a { color: red; }")
    app.static_folder = str(tmp_path)
    with app.test_request_context():
        linked = static_url("y.css")
        assert linked == f"/static/y.css?v={fingerprint(str(tmp_path), 'y.css')}" == _url(app, "y.css")
        (tmp_path / "y.css").write_text("a { color: blue; }")
        app.debug = True  # a developer's server, where files change under it
        assert static_url("y.css") != linked
        assert static_url("y.css") == f"/static/y.css?v={fingerprint(str(tmp_path), 'y.css')}"


def _url(app, filename: str) -> str:
    from flask import url_for

    with app.test_request_context():
        return url_for("static", filename=filename)


def test_pages_come_compressed_with_brotli_or_gzip_as_the_browser_offers(client) -> None:
    plain = client.get("/login").get_data()
    as_brotli = client.get("/login", headers={"Accept-Encoding": "br, gzip"})
    assert as_brotli.headers["Content-Encoding"] == "br"
    assert len(as_brotli.data) < len(plain) / 2
    assert b"<html" in brotli.decompress(as_brotli.data)
    as_gzip = client.get("/login", headers={"Accept-Encoding": "gzip"})
    assert as_gzip.headers["Content-Encoding"] == "gzip" and b"<html" in gzip.decompress(as_gzip.data)
    assert "Content-Encoding" not in client.get("/login").headers


def test_static_files_come_compressed_too(client) -> None:
    with client.get(_stylesheet(client), headers={"Accept-Encoding": "gzip"}) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert b".pager" in gzip.decompress(response.data)


def _open_static_files() -> list[str]:
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if "/static/" in target:
            found.append(target)
    return found


def test_a_static_file_the_browser_already_has_is_not_left_open_if_the_answer_is_never_sent(client) -> None:
    address = _stylesheet(client)
    etag = client.get(address).headers["ETag"]
    before = _open_static_files()
    # Not buffered and never closed: what a server does when the browser drops the connection mid-answer.
    unsent = client.get(address, headers={"If-None-Match": etag}, buffered=False)
    assert unsent.status_code == 304
    assert _open_static_files() == before
    unsent.close()


def test_part_of_a_static_file_comes_whole_and_leaves_no_file_open(client) -> None:
    address = _stylesheet(client)
    before = _open_static_files()
    unsent = client.get(address, headers={"Range": "bytes=0-9"}, buffered=False)
    assert unsent.status_code == 206
    assert _open_static_files() == before
    assert len(unsent.get_data()) == 10
    unsent.close()
