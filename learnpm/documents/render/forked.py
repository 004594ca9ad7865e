"""Render a PDF in a child forked from this process, killed when its deadline passes: the deadline of a render on
a queue worker.

A job of `learnpm worker` runs in a single-threaded work horse that already holds WeasyPrint, its fonts and the
print stylesheet (the worker loaded them before it forked), so forking once more starts the render warm and costs
milliseconds. RQ's own job timeout is an alarm signal, which Python cannot deliver while it is running a
destructor or a weak-reference callback, and a render makes many of those: the child's kill is exact.
"""

from __future__ import annotations

import os
import signal
from multiprocessing import Pipe
from pathlib import Path

from learnpm.documents.render.pool import RenderedPdf, RenderFailed, RenderTooLong


def render_in_fork(html: str, static_folder: Path, seconds: float) -> RenderedPdf:
    """Render `html` in a forked child within `seconds`, or raise RenderTooLong or RenderFailed."""
    replies, child_end = Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:  # the child: render, reply, and leave without running the parent's exit handlers
        replies.close()
        _render_and_reply(html, static_folder, child_end)
    child_end.close()
    try:
        if not replies.poll(seconds):
            raise RenderTooLong(f"the render passed its deadline of {seconds:g} s")
        outcome = replies.recv()
    except (EOFError, OSError) as error:
        raise RenderFailed("the PDF render stopped before it was done") from error
    finally:
        _stop(pid)
        replies.close()
    if outcome[0] != "ok":
        raise RenderFailed(outcome[1])
    return RenderedPdf(outcome[1], tuple(outcome[2]))


def _render_and_reply(html: str, static_folder: Path, reply: object) -> None:
    """Render in the child and send the outcome; never return."""
    code = 0
    try:
        from learnpm.documents.render.renderer import render_here

        pdf = render_here(html, static_folder)
        reply.send(("ok", pdf.data, pdf.refused))  # type: ignore[attr-defined]
    except BaseException as error:  # noqa: BLE001  (reported to the parent, which raises RenderFailed)
        code = 1
        try:
            reply.send(("error", f"{type(error).__name__}: {error}"))  # type: ignore[attr-defined]
        except OSError:
            pass
    finally:
        os._exit(code)


def _stop(pid: int) -> None:
    """Kill the child if it still runs, and reap it."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
