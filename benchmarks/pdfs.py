"""PDFs: the application worksheet for 10 projects against WeasyPrint rendering a one-page document, and
the resident memory after 1, 50 and 200 renders (it must level off).

Run: .venv/bin/python benchmarks/pdfs.py [RENDERS]
"""

from __future__ import annotations

import io
import resource
import sys
import time
from datetime import date
from pathlib import Path

import pypdf
from flask import render_template
from weasyprint import HTML

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import make_app, median_seconds, print_ratios  # noqa: E402

from learnpm.auth import queries as accounts  # noqa: E402
from learnpm.db import get_session  # noqa: E402
from learnpm.demo_experience import ADOPTION_DAY  # noqa: E402
from learnpm.hours.models import Project  # noqa: E402
from learnpm.pdf.issue import issue_document  # noqa: E402

ONE_PAGE = "<html lang='en'><head><title>One page</title></head><body><h1>One page</h1><p>" + "Text. " * 200 + "</p></body></html>"


def rss_mib() -> float:
    """Return the current resident set size of this process, in MiB."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 1024 / 1024


def main(renders: int) -> None:
    app = make_app()
    with app.test_request_context():
        session = get_session()
        user = accounts.create_user(session, "bench@example.org", "Bench Learner", "benchmarks run on quiet nights")
        session.add_all(Project(user_id=user.id, **{**ADOPTION_DAY, "title": f"Project {n}"}) for n in range(10))
        session.commit()
        render_template("pdf/application.html", title="warm-up", author="", subject="",
                        provenance={"id": "", "url": "", "qr": "", "digest": "", "issued_on": ""},
                        **{"candidate": {}, "academic": [], "courses": [], "projects": [], "paths": [],
                           "calendar": [{"year": 2026, "months": []}], "blockers": [], "as_of": "2026-11",
                           "months": 0, "contact_hours": "0", "process_groups": {}})

        def worksheet() -> None:
            issue_document(session, user, "application", "http://localhost/", date.today())
            session.rollback()

        floor = median_seconds(lambda: HTML(string=ONE_PAGE).write_pdf(), repeat=7, warmup=2)
        cost = median_seconds(worksheet, repeat=7, warmup=2)
        _document, pdf = issue_document(session, user, "application", "http://localhost/", date.today())
        session.rollback()
        pages = len(pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
        print_ratios("Application worksheet, 10 projects", "WeasyPrint rendering a one-page document", floor,
                     [("learnpm application worksheet (query, digest, QR, render)", cost),
                      (f"the same, per page ({pages} pages)", cost / pages)])
        print(f"\nResident memory over {renders} worksheet renders:")
        start = time.perf_counter()
        for count in range(1, renders + 1):
            worksheet()
            if count in (1, 50, 200) or count == renders:
                print(f"  after {count:>4} renders: {rss_mib():7.1f} MiB")
        print(f"  ({renders} renders in {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
