"""A PDF render worker: `python -m learnpm.documents.render.worker STATIC_FOLDER`, driven by `learnpm.documents.render.pool`.

It reads documents from standard input, each the HTML of a print template or the work of making one from the
database (`learnpm.documents.drafting`), and writes each one's PDF (or the error that stopped it) to the
standard output it had at start; anything printed while rendering goes to standard error instead. It stops when
its input closes, that is when the web process that started it goes away."""

from __future__ import annotations

import os
import sys
from multiprocessing.connection import Connection
from pathlib import Path

RENDER_NICENESS = 10


def main(static_folder: Path) -> None:
    """Serve render requests until standard input closes."""
    requests = Connection(os.dup(0), writable=False)
    replies = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # stray prints must not corrupt the replies
    # A long document is minutes of CPU; pages are milliseconds. Rendering at a lower priority lets the web
    # workers' requests go first on a busy machine, instead of every page waiting behind the PDF.
    os.nice(RENDER_NICENESS)
    from learnpm.documents.render.pool import DocumentRefused
    from learnpm.documents.render.renderer import render_here

    # Load the fonts and layout engine now, so that a document's deadline counts its own work only.
    render_here("<!doctype html><title>ready</title><p>ready</p>", static_folder)
    replies.send("ready")
    while True:
        try:
            work = requests.recv()
        except EOFError:
            return
        try:
            pdf = render_here(work, static_folder) if isinstance(work, str) else work.make(static_folder)
        except DocumentRefused as refusal:  # the web process raises it again, with the reason for the owner
            replies.send(("refused", str(refusal)))
        except Exception as error:  # reported to the web process, which raises RenderFailed
            replies.send(("error", f"{type(error).__name__}: {error}"))
        else:
            replies.send(("ok", pdf.data, pdf.refused, pdf.document))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
