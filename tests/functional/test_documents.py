"""PDF documents: what they say, how they are checked and revoked, and what they refuse to load."""

from __future__ import annotations

import http.server
import io
import re
import threading
from datetime import date
from decimal import Decimal

import pypdf
import pytest
from sqlalchemy import select

from learnpm.cli import cli
from learnpm.demo_experience import ADOPTION_DAY
from learnpm.documents.models import IssuedDocument
from learnpm.documents.render.pool import render_pdf
from learnpm.experience.models import HoursEntry, Project
from tests.functional.support import add_entry, add_project, pdf_text, post
from tests.support import AuthActions, csrf_token


def download(client, kind: str = "application"):
    return client.post(f"/documents/{kind}", data={"csrf_token": csrf_token(client, "/documents/")})


def test_the_application_worksheet_holds_every_field_and_figure(client, logged_in, session):
    project_id = add_project(client)
    add_entry(client, project_id)
    response = download(client)
    assert response.mimetype == "application/pdf" and "attachment" in response.headers["Content-Disposition"]
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    text = " ".join(pdf_text(response.data).split())
    for expected in ("PMP application worksheet", "Spring adoption day", "Riverside Animal Shelter",
                     "Volunteer coordinator", "March 2025", "June 2025", "Maria Okafor", "4 months counted",
                     "Secondary diploma or associate degree", "What would hold the application back",
                     "56 months and 35 contact hours short", "Find homes for 25 animals",
                     "Months counted: March 2025 – June 2025 (4 months)"):
        assert expected in text, expected
    words = re.search(r"Project description \((\d+) words\)", text)
    assert words and int(words[1]) >= 100
    assert reader.metadata.title == "PMP application worksheet" and reader.metadata.author == "Test User"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en" and "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    figures = figure_alt_texts(root["/StructTreeRoot"])
    assert any("March 2025 – June 2025" in alt for alt in figures) and any("QR code of" in alt for alt in figures)
    assert all(figures), "every figure has alternate text"


def figure_alt_texts(element) -> list[str]:
    """Return the alternate text of every figure in a tagged PDF's structure tree ("" where it has none)."""
    element = element.get_object()
    found = [str(element.get("/Alt", ""))] if element.get("/S") == "/Figure" else []
    kids = element.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        if isinstance(kid.get_object(), dict):
            found += figure_alt_texts(kid)
    return found


def test_a_document_can_be_verified_and_revoked(app, client, logged_in, session, make_user):
    add_project(client)
    response = download(client)
    document_id = response.headers["X-Document-Id"]
    text = pdf_text(response.data)
    assert document_id in text and f"/verify/{document_id}" in text
    page = client.get(f"/verify/{document_id}").get_data(as_text=True)
    digest = session.get(IssuedDocument, document_id).digest
    assert "genuine document" in page and "Test User" in page and digest in page
    assert digest in text.replace("\n", "")

    anonymous = app.test_client()
    assert "genuine document" in anonymous.get(f"/verify/{document_id}").get_data(as_text=True)
    other = app.test_client()
    AuthActions(other).login(make_user("other@example.org").email)
    refused = other.post(f"/documents/issued/{document_id}/revoke", data={"csrf_token": csrf_token(other, "/documents/")})
    assert refused.status_code == 404

    post(client, f"/documents/issued/{document_id}/revoke", {}, page="/documents/")
    assert "was withdrawn" in anonymous.get(f"/verify/{document_id}").get_data(as_text=True)
    assert anonymous.get("/verify/no-such-document").status_code == 404


class Recorder(http.server.BaseHTTPRequestHandler):
    """A local server that records every request made to it."""

    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        Recorder.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listening_port():
    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    Recorder.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    server.server_close()


def hostile(port: int) -> str:
    return (f'<img src="file:///etc/passwd"> <link rel="attachment" href="file:///etc/passwd"> '
            f'<img src="http://127.0.0.1:{port}/tracker.png"> <link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">')


def test_hostile_text_in_a_description_is_shown_as_typed_and_fetches_nothing(client, logged_in, listening_port):
    add_project(client, objective=hostile(listening_port))
    data = download(client).data
    text = pdf_text(data).replace("\n", " ")
    assert '<img src="file:///etc/passwd">' in text and f"127.0.0.1:{listening_port}/tracker.png" in text
    assert b"/EmbeddedFile" not in data and b"root:x:0:0" not in data
    assert Recorder.requests == []


def test_the_renderer_refuses_files_and_the_network_even_in_raw_html(listening_port):
    html = f"<html lang='en'><head><title>t</title></head><body><p>x</p>{hostile(listening_port)}</body></html>"
    pdf = render_pdf(html)
    assert b"/EmbeddedFile" not in pdf.data and b"root:x:0:0" not in pdf.data
    assert Recorder.requests == []
    assert any(url.startswith("file:") for url in pdf.refused)
    assert any(str(listening_port) in url for url in pdf.refused)


def test_the_renderer_serves_its_own_static_files_but_no_symlink_escape(tmp_path):
    from learnpm.documents.render.fetcher import StaticOnlyFetcher

    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "ok.css").write_text("p { color: red }")
    (tmp_path / "secret.txt").write_text("secret")
    (tmp_path / "static" / "escape.css").symlink_to(tmp_path / "secret.txt")
    fetcher = StaticOnlyFetcher(tmp_path / "static")
    assert fetcher.fetch("learnpm-static:/ok.css").read() == b"p { color: red }"
    for url in ("learnpm-static:/escape.css", "learnpm-static:/../secret.txt", "file:///etc/passwd",
                "learnpm-static:/%2e%2e/secret.txt"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_the_cli_writes_the_same_document(app, make_user, tmp_path, session):
    user = make_user("cli@example.org")
    output = tmp_path / "worksheet.pdf"
    command = ["export", "application", "--email", user.email, "-o", str(output)]
    refused = app.test_cli_runner().invoke(cli, command)
    assert refused.exit_code == 1 and "Log a project first" in refused.output and not output.exists()
    session.add(Project(user_id=user.id, **ADOPTION_DAY))
    session.commit()
    result = app.test_cli_runner().invoke(cli, command)
    assert result.exit_code == 0, result.output
    assert "PMP application worksheet" in pdf_text(output.read_bytes())
    assert session.scalars(select(IssuedDocument)).one().issued_to == "Test User"


def test_documents_need_a_login_and_a_known_kind(client, logged_in):
    assert download(client, "no-such-kind").status_code == 404


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("audit", ["Audit packet", "Experience verification form 1 of 1", "Maria Okafor", "Shelter director",
                   "I confirm that I have first-hand knowledge", "Signature"]),
        ("transcript", ["Hours transcript", "Spring adoption day", "3.5", "Volunteer briefing", "Not yet verified",
                        "EX · Executing"]),
        ("readiness", ["Readiness report", "No scenario played yet", "4 of 60 months counted"]),
    ],
)
def test_every_document_says_what_it_should(client, logged_in, kind, expected):
    project_id = add_project(client)
    add_entry(client, project_id)
    response = download(client, kind)
    assert response.mimetype == "application/pdf"
    text = " ".join(pdf_text(response.data).split())
    for phrase in expected:
        assert phrase in text, phrase
    root = pypdf.PdfReader(io.BytesIO(response.data)).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "en"


@pytest.mark.parametrize(
    ("kind", "explained"),
    [("application", "Log a project first"), ("audit", "Log a project first"), ("transcript", "Log hours first"),
     ("pdu", "Record your certification first"), ("readiness", "Play a scenario or log a project first")],
)
def test_a_document_that_would_be_empty_explains_what_to_add_and_issues_no_id(client, logged_in, session, kind,
                                                                              explained):
    assert explained in client.get("/documents/").get_data(as_text=True)
    response = download(client, kind)
    assert response.status_code == 303 and response.mimetype != "application/pdf"
    assert f"{explained}" in client.get("/documents/").get_data(as_text=True)
    assert issued_count(session) == 0


def test_an_audit_packet_needs_someone_to_confirm_a_project(client, logged_in, session):
    add_project(client, **{name: "" for name in ("verifier_name", "verifier_title", "verifier_organization",
                                                 "verifier_email", "verifier_phone", "verifier_relationship")})
    download(client, "audit")
    assert "Name the person who can confirm each project" in client.get("/documents/").get_data(as_text=True)
    assert issued_count(session) == 0


def test_the_transcript_covers_only_the_months_asked_for(client, logged_in):
    project_id = add_project(client)
    add_entry(client, project_id, day="2025-03-08", activity="March work")
    add_entry(client, project_id, day="2025-05-10", activity="May work")
    token = csrf_token(client, "/documents/")
    data = client.post("/documents/transcript", data={"csrf_token": token, "from": "2025-05", "to": "2025-05"}).data
    text = pdf_text(data)
    assert "May work" in text and "March work" not in text
    bad = client.post("/documents/transcript", data={"csrf_token": token, "from": "2025-06", "to": "2025-01"})
    assert bad.status_code == 303
    assert "the first before the last" in client.get("/documents/").get_data(as_text=True)


def test_the_cli_refuses_a_malformed_period(app, make_user, tmp_path):
    user = make_user("period@example.org")
    runner = app.test_cli_runner()
    result = runner.invoke(cli, ["export", "transcript", "--email", user.email, "--from", "2025-13",
                                 "-o", str(tmp_path / "t.pdf")])
    assert result.exit_code == 2 and "YYYY-MM" in result.output
    assert not (tmp_path / "t.pdf").exists()


def issued_count(session) -> int:
    session.expire_all()
    return len(session.scalars(select(IssuedDocument)).all())


def test_a_render_past_its_deadline_issues_nothing_and_says_so(app, client, logged_in, session):
    add_project(client)
    # any real render takes longer than a millisecond, whatever its pages
    app.config.update(PDF_RENDER_SECONDS=0.001, PDF_RENDER_SECONDS_PER_PAGE=0)
    response = download(client)
    assert response.status_code == 303 and response.mimetype != "application/pdf"
    assert "could not be prepared. Nothing was issued" in client.get("/documents/").get_data(as_text=True)
    assert issued_count(session) == 0
    app.config["PDF_RENDER_SECONDS"] = 60
    assert download(client).mimetype == "application/pdf" and issued_count(session) == 1


def test_a_transcripts_render_may_last_as_long_as_its_pages_take(app, client, logged_in, session):
    add_entry(client, add_project(client))
    app.config.update(PDF_RENDER_SECONDS=0.001, PDF_RENDER_SECONDS_PER_PAGE=30)  # 0.001 s alone stops any render
    assert download(client, "transcript").mimetype == "application/pdf" and issued_count(session) == 1
    app.config.update(PDF_RENDER_SECONDS_PER_PAGE=0)
    assert download(client, "transcript").mimetype != "application/pdf" and issued_count(session) == 1


def test_when_every_worker_is_busy_the_user_is_asked_to_come_back(client, logged_in, session, monkeypatch):
    from learnpm.documents import issue
    from learnpm.documents.render.pool import RendererBusy

    def busy(*args, **kwargs):
        raise RendererBusy()

    monkeypatch.setattr(issue, "render_document_pdf", busy)
    add_project(client)
    response = download(client)
    assert response.status_code == 303
    assert "Please try again in a minute" in client.get("/documents/").get_data(as_text=True)
    assert issued_count(session) == 0


def test_the_cli_explains_a_period_too_long_or_a_render_past_its_deadline(app, make_user, tmp_path, session,
                                                                          monkeypatch):
    from learnpm.documents.contexts import transcript

    user = make_user("long@example.org")
    project = Project(user_id=user.id, **ADOPTION_DAY)
    session.add(project)
    session.flush()
    session.add(HoursEntry(user_id=user.id, project_id=project.id, day=date(2025, 4, 12), hours=Decimal("3.5"),
                           activity="Volunteer briefing", process_groups=["EX"], domains=[]))
    session.commit()
    runner = app.test_cli_runner()
    output = tmp_path / "t.pdf"
    monkeypatch.setattr(transcript, "MAX_ENTRIES", -1)
    result = runner.invoke(cli, ["export", "transcript", "--email", user.email, "-o", str(output)])
    assert result.exit_code == 2 and "Choose a shorter period" in result.output
    monkeypatch.undo()
    app.config.update(PDF_RENDER_SECONDS=0.001, PDF_RENDER_SECONDS_PER_PAGE=0)
    result = runner.invoke(cli, ["export", "application", "--email", user.email, "-o", str(output)])
    assert result.exit_code == 1 and "could not be rendered" in result.output and "nothing was issued" in result.output
    assert not output.exists() and issued_count(session) == 0
