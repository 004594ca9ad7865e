"""Render a document's PDF where the site's background work runs: this process's render pool, or a queue worker.

Both keep the same promises: at most so long per render (the pool kills its worker process; RQ stops the work
horse when the job's timeout passes), and a request that waited too long for a free renderer is told to come back.
"""

from __future__ import annotations

import math
import time
from typing import Any

from flask import Flask, current_app

from learnpm.documents.render.pool import RenderedPdf, RendererBusy, RenderFailed, RenderLimits, RenderTooLong, render_pdf
from learnpm.jobs.runner import enqueue, uses_queue
from learnpm.jobs.tasks import render_html

# Seconds a worker may take beyond the deadline to report the outcome, before the caller stops waiting.
REPORT_SLACK = 5.0


def render_document_pdf(html: str) -> RenderedPdf:
    """Render a print template's HTML within the site's limits, or raise RendererBusy, RenderTooLong or RenderFailed."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    limits = RenderLimits.from_config(app.config)
    if not uses_queue(app):
        return render_pdf(html, limits)
    return render_on_worker(app, html, limits)


def render_on_worker(app: Flask, html: str, limits: RenderLimits) -> RenderedPdf:
    """Enqueue the render for `learnpm worker` and wait for its outcome."""
    from redis.exceptions import RedisError

    try:
        job = enqueue(app, render_html, html, timeout=max(1, math.ceil(limits.seconds)), result_ttl=120,
                      ttl=max(1, math.ceil(limits.wait_seconds)))
        deadline = time.monotonic() + limits.wait_seconds + limits.seconds + REPORT_SLACK
        while (remaining := deadline - time.monotonic()) > 0:
            result = job.latest_result(timeout=max(1, int(min(5.0, remaining))))
            if result is not None:
                return _outcome(result)
        started = job.get_status(refresh=True) not in (None, "queued", "deferred", "scheduled")
        job.cancel()
    except RedisError as error:
        raise RenderFailed(f"the job queue could not be reached: {error}") from error
    if started:
        raise RenderTooLong(f"the render passed its deadline of {limits.seconds:g} s")
    raise RendererBusy()


def _outcome(result: Any) -> RenderedPdf:
    """Return the PDF of a successful render, or raise what stopped it."""
    from rq.results import Result

    if result.type == Result.Type.SUCCESSFUL:
        data, refused = result.return_value
        return RenderedPdf(data, tuple(refused))
    failure = (result.exc_string or "").strip()
    if "JobTimeoutException" in failure:
        raise RenderTooLong(failure.splitlines()[-1])
    raise RenderFailed(failure.splitlines()[-1] if failure else "the PDF worker stopped during a render")
