"""PDFs: the application worksheet for 10 projects against WeasyPrint rendering a one-page document, and
the resident memory after 1, 50 and 200 renders (it must level off).

Run: .venv/bin/python benchmarks/pdfs.py [RENDERS]   (RENDERS defaults to 200)
The worksheet is issued as the site issues it: queried, digested and rendered in a worker process. The floors
are rendered by WeasyPrint in this process: a one-page document, and the worksheet's own words as plain
paragraphs (what any PDF carrying those words costs, whatever its layout). All are timed in turn, so that load
from elsewhere on the machine hits them alike.
"""

from __future__ import annotations

import html
import io
import re
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
from learnpm.documents.issue import issue_document  # noqa: E402
from learnpm.documents.render.pool import RenderLimits, pool_for  # noqa: E402
from learnpm.experience.models import Project  # noqa: E402
from learnpm.paths import static_dir  # noqa: E402

MEMORY_CHECKPOINTS = (1, 50, 200)
ONE_PAGE = "<html lang='en'><head><title>One page</title></head><body><h1>One page</h1><p>" + "Text. " * 200 + "</p></body></html>"


def rss_mib(pid: int | str = "self") -> float:
    """Return the current resident set size of a process, in MiB."""
    with open(f"/proc/{pid}/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 1024 / 1024


def words_as_paragraphs(pdf: bytes) -> str:
    """Return an HTML document of the PDF's words in plain paragraphs of about 120 words."""
    words = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages).split()
    paragraphs = (html.escape(" ".join(words[start:start + 120])) for start in range(0, len(words), 120))
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return f"<html lang='en'><head><title>Words</title></head><body>{body}</body></html>"


def main(renders: int) -> None:
    app = make_app()
    with app.test_request_context():
        session = get_session()
        user = accounts.create_user(session, "bench@example.org", "Bench Learner", "benchmarks run on quiet nights")
        session.add_all(Project(user_id=user.id, **{**ADOPTION_DAY, "title": f"Project {n}"}) for n in range(10))
        session.commit()
        pool = pool_for(RenderLimits.from_config(app.config), static_dir())
        pool.warm()
        # Resident memory of the worker that rendered, and of this (web) process, after the n-th worksheet.
        memory: dict[int, tuple[float, float]] = {}
        rendered = [0]

        def worksheet() -> bytes:
            _document, pdf = issue_document(session, user, "application", "http://localhost/", date.today())
            session.rollback()
            rendered[0] += 1
            if rendered[0] in MEMORY_CHECKPOINTS or rendered[0] == renders:
                memory[rendered[0]] = (max(rss_mib(pid) for pid in pool.pids()), rss_mib())
            return pdf.data

        start = time.perf_counter()
        first = worksheet()
        pages = len(pypdf.PdfReader(io.BytesIO(first)).pages)
        words = words_as_paragraphs(first)
        word_count = len(re.findall(r"\S+", re.sub(r"<[^>]+>", " ", words)))

        def one_page() -> None:
            HTML(string=ONE_PAGE).write_pdf()

        def words_alone() -> None:
            HTML(string=words).write_pdf()

        for _ in range(2):
            one_page()
            words_alone()
            worksheet()
        floor, bare_words, cost = interleaved_medians([one_page, words_alone, worksheet], repeat=15)
        print_ratios("Application worksheet, 10 projects", "WeasyPrint rendering a one-page document", floor,
                     [("learnpm application worksheet (query, digest, QR, render in a worker)", cost),
                      (f"the same, per page ({pages} pages)", cost / pages),
                      (f"its {word_count:,} words alone as plain paragraphs, in WeasyPrint", bare_words)])
        print(f"  the worksheet against its words alone: {cost / bare_words:.2f}x")
        while rendered[0] < renders:
            worksheet()
        print(f"\nResident memory after the n-th worksheet render ({renders} in all, "
              f"{time.perf_counter() - start:.0f} s):")
        print("                        render worker   web process")
        for count, (worker, web) in memory.items():
            print(f"  after {count:>4} renders: {worker:9.1f} MiB {web:9.1f} MiB")
        if 50 in memory and renders > 50:
            print(f"  growth from render 50 to render {renders}: {memory[renders][0] - memory[50][0]:+.1f} MiB "
                  f"(worker), {memory[renders][1] - memory[50][1]:+.1f} MiB (web process)")
        pool.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
