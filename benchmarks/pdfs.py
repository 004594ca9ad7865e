"""PDFs: the application worksheet for 10 projects against WeasyPrint rendering a one-page document, and
the resident memory after 1, 50 and 200 renders (it must level off).

Run: .venv/bin/python benchmarks/pdfs.py [RENDERS]   (RENDERS defaults to 200)
The floor and the worksheet are timed in turn, so that load from elsewhere on the machine hits both alike.
"""

from __future__ import annotations

import io
import resource
import sys
import time
from datetime import date
from pathlib import Path

import pypdf
from weasyprint import HTML

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import interleaved_medians, make_app, print_ratios  # noqa: E402

from learnpm.auth import queries as accounts  # noqa: E402
from learnpm.db import get_session  # noqa: E402
from learnpm.demo_experience import ADOPTION_DAY  # noqa: E402
from learnpm.hours.models import Project  # noqa: E402
from learnpm.pdf.issue import issue_document  # noqa: E402

MEMORY_CHECKPOINTS = (1, 50, 200)
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
        memory: dict[int, float] = {}  # resident memory after the n-th worksheet render of this process
        rendered = [0]

        def worksheet() -> bytes:
            _document, pdf = issue_document(session, user, "application", "http://localhost/", date.today())
            session.rollback()
            rendered[0] += 1
            if rendered[0] in MEMORY_CHECKPOINTS or rendered[0] == renders:
                memory[rendered[0]] = rss_mib()
            return pdf.data

        def one_page() -> None:
            HTML(string=ONE_PAGE).write_pdf()

        start = time.perf_counter()
        pages = len(pypdf.PdfReader(io.BytesIO(worksheet())).pages)
        for _ in range(2):
            one_page()
            worksheet()
        floor, cost = interleaved_medians([one_page, worksheet], repeat=15)
        print_ratios("Application worksheet, 10 projects", "WeasyPrint rendering a one-page document", floor,
                     [("learnpm application worksheet (query, digest, QR, render)", cost),
                      (f"the same, per page ({pages} pages)", cost / pages)])
        while rendered[0] < renders:
            worksheet()
        print(f"\nResident memory of this process after its n-th worksheet render ({renders} in all, "
              f"{time.perf_counter() - start:.0f} s):")
        for count, mib in memory.items():
            print(f"  after {count:>4} renders: {mib:7.1f} MiB")
        if 50 in memory and renders > 50:
            print(f"  growth from render 50 to render {renders}: {memory[renders] - memory[50]:+.1f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
