"""What a logged-in user sees, and every download, is never stored by a browser or proxy cache; public pages and
static files keep their caching."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.routing import IntegerConverter
from werkzeug.test import encode_multipart

from learnpm.experience.models import Upload
from tests.functional.support import add_entry, add_project, post
from tests.support import csrf_token

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DOWNLOADS = ("/account/export.json", "/experience/export/projects.csv", "/experience/export/entries.csv",
             "/experience/export.json", "/experience/export/hours.xlsx")


def get_pages(app) -> list[str]:
    """Return a URL for every GET route of the site but static files, each argument filled with 1 (or a word)."""
    adapter, urls = app.url_map.bind("localhost"), []
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint != "static":
            values = {name: 1 if isinstance(rule._converters[name], IntegerConverter) else "made-up"
                      for name in rule.arguments}
            urls.append(adapter.build(rule.endpoint, values))
    return urls


def test_every_page_answered_to_a_logged_in_user_is_no_store(app, client, logged_in):
    add_entry(client, add_project(client))  # the learner's project 1 and entry 1: some pages show them
    pages = get_pages(app)
    assert len(pages) > 40
    for url in pages:
        response = client.get(url)
        assert response.status_code < 500, url
        assert response.headers.get("Cache-Control") == "no-store", f"{url} ({response.status_code})"


@pytest.mark.parametrize("url", DOWNLOADS)
def test_every_export_is_a_no_store_download(client, logged_in, url):
    add_project(client)
    response = client.get(url)
    assert response.status_code == 200 and response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Cache-Control"] == "no-store"


def test_a_pdf_document_is_a_no_store_download(client, logged_in):
    add_entry(client, add_project(client))  # a transcript with something in it
    response = post(client, "/documents/transcript", {}, page="/documents/")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"


def test_a_certificate_is_a_no_store_download(client, logged_in, session):
    boundary, body = encode_multipart({
        "csrf_token": csrf_token(client, "/experience/education/"), "course-title": "PM Foundations",
        "course-provider": "City College", "course-start_month": "2024-01", "course-end_month": "2024-03",
        "course-hours": "24", "course-certificate": FileStorage(io.BytesIO(PNG), "certificate.png")})
    client.post("/experience/education/courses", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    response = client.get(f"/experience/education/certificates/{session.scalars(select(Upload.id)).one()}")
    assert response.status_code == 200 and response.data == PNG
    assert response.headers["Cache-Control"] == "no-store"


def test_a_secret_link_page_is_no_store_even_without_an_account(client):
    assert client.get("/reset-password/made-up").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", ["/", "/login", "/register", "/forgot-password", "/healthz"])
def test_public_pages_keep_their_caching(client, url):
    assert "no-store" not in client.get(url).headers.get("Cache-Control", "")


def test_static_files_keep_their_caching_even_for_a_logged_in_user(client, logged_in):
    response = client.get("/static/favicon.svg")
    response.close()  # a file sent from disk stays open until closed
    assert response.status_code == 200 and "no-store" not in response.headers.get("Cache-Control", "")
