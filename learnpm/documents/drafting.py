"""A document prepared in the background, made from start to end by the renderer that prints it.

Before its PDF is rendered, a document is read from the database, totalled and laid out as HTML: for a transcript
of a few thousand entries, a tenth to a third of a second of processor time. Done on a thread of a web worker, that
time is shared, through the interpreter's lock, with every page the worker serves meanwhile, and those pages were
the slowest of the load test. A `DraftRequest` is sent to a renderer instead of the HTML: the renderer builds the
site's app once (with the settings of the web worker that asked), reads and lays out the document itself, renders
it, and answers with the PDF and the columns of the document's record, which the web worker then writes.

Used only for documents prepared in the background on a site without a queue (with one, `learnpm worker` already
prepares them away from the web servers), and only on a database another process can open.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

    from learnpm.documents.core.period import Period
    from learnpm.documents.render.pool import RenderedPdf

# Settings of these types cross to the renderer; the others (objects the app made for itself) are made there again.
_PORTABLE = (str, int, float, bool, type(None), timedelta, date, datetime, Path)


@dataclass(frozen=True)
class DraftRequest:
    """What a renderer needs to make a document on its own: the site's settings, and who asked for what."""

    settings: tuple[tuple[str, Any], ...]
    instance_path: str
    kind: str
    user_id: int
    verify_base: str
    today: date
    period: Period

    @classmethod
    def of(cls, app: Flask, kind: str, user_id: int, verify_base: str, today: date, period: Period) -> DraftRequest:
        """Return the request for `app`'s document of `kind` for `user_id`."""
        return cls(portable_settings(app.config), app.instance_path, kind, user_id, verify_base, today, period)

    def make(self, static_folder: Path) -> RenderedPdf:
        """In the renderer: gather and lay out the document, then render it; the columns of its record come with
        the PDF. Raises DocumentRefused when the period holds more than a document prints."""
        from learnpm.auth.models import User
        from learnpm.db import by_id
        from learnpm.documents.contexts.transcript import PeriodTooLong
        from learnpm.documents.issue import draft_document
        from learnpm.documents.render.pool import DocumentRefused, RenderedPdf
        from learnpm.documents.render.renderer import render_here

        app = _app_for(self.settings, self.instance_path)
        try:
            with app.app_context(), app.extensions["learnpm.sessionmaker"]() as session:
                owner = by_id(session, User, self.user_id)
                if owner is None:
                    raise LookupError(f"user {self.user_id} is no longer there")
                draft = draft_document(session, owner, self.kind, self.verify_base, self.today, self.period)
        except PeriodTooLong as error:
            raise DocumentRefused(str(error)) from error
        finally:
            app.extensions["learnpm.engine"].dispose()  # a renderer holds no connection between documents
        pdf = render_here(draft.html, static_folder)
        return RenderedPdf(pdf.data, pdf.refused, draft.fields)


def portable_settings(config: Any) -> tuple[tuple[str, Any], ...]:
    """Return the app's settings that another process can be given, in a stable order."""
    return tuple(sorted((key, value) for key, value in config.items() if isinstance(value, _PORTABLE)))


def can_draft_elsewhere(database_url: str) -> bool:
    """Tell whether another process can read this database (an in-memory SQLite database is this process's own)."""
    return not (database_url.startswith("sqlite") and (":memory:" in database_url or database_url.rstrip("/") in
                                                       ("sqlite:", "sqlite:/", "sqlite://")))


_apps: dict[str, Flask] = {}  # in a renderer: the app of the settings it was last sent


def _app_for(settings: tuple[tuple[str, Any], ...], instance_path: str) -> Flask:
    """Return the app these settings build, built on first use (a renderer serves one site; a new one replaces it)."""
    key = hashlib.sha256(pickle.dumps((settings, instance_path))).hexdigest()
    app = _apps.get(key)
    if app is None:
        from learnpm import create_app

        for old in _apps.values():
            old.extensions["learnpm.engine"].dispose()
        _apps.clear()
        os.environ["LEARNPM_INSTANCE_PATH"] = instance_path
        app = _apps[key] = create_app(dict(settings))
    return app
