"""What the fuzz suite shares: the site with its demo people, the forms harvested from its pages, a digest of the data.

Everything is found from the app itself: GET rules from `app.url_map`, the fields of every POST route from the
`<form method="post">` elements of the pages each role can reach. A new route is fuzzed without anyone listing it.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Rule

from learnpm.auth.login_sessions import start_login
from learnpm.auth.queries import user_by_email
from learnpm.clock import utcnow
from learnpm.db import Base, get_session
from learnpm.demo import DEMO_ACCOUNTS, load_demo
from learnpm.jobs.runner import wait_for_background
from tests.fuzz.html_forms import FormParser, HarvestedForm, parse_fields
from tests.fuzz.world import add_extras

ANONYMOUS = "anonymous"
ROLES = (ANONYMOUS, *(account.email.split("@")[0] for account in DEMO_ACCOUNTS))  # anonymous, student, volunteer…
EMAILS = {account.email.split("@")[0]: account.email for account in DEMO_ACCOUNTS}

# POST routes no page shows a form for, each with why; they are fuzzed with the field names given here.
FORMLESS_POST_ROUTES: dict[str, tuple[str, tuple[str, ...]]] = {
    "auth.send_confirmation": ("its button shows only to an account whose address is not confirmed", ("next",)),
    "scenarios.next_day": ("its button shows only once a day of a week is finished", ()),
    "undo.undo": ("its button shows only for ten minutes after a removal, on the page that follows it", ()),
}


@dataclass
class WriteCounter:
    """Count the statements that may change a row, so that a case which wrote nothing needs no digest."""

    count: int = 0

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCA"):
            self.count += 1


@dataclass
class Site:
    """The fuzzed app, its demo people and the ids they hold, and what the crawl found."""

    app: Flask
    forms: dict[str, list[HarvestedForm]] = field(default_factory=dict)  # endpoint -> forms
    pages: dict[str, set[str]] = field(default_factory=dict)  # role -> paths crawled
    url_values: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # endpoint -> values seen in links
    counts: Counter[str] = field(default_factory=Counter)
    baseline: str = ""
    baseline_tables: dict[str, str] = field(default_factory=dict)
    snapshot: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    mailed_paths: list[str] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)  # role -> the token of its current login
    writes: WriteCounter = field(default_factory=lambda: WriteCounter())

    def client(self, role: str) -> FlaskClient:
        """Return a client signed in as `role`, on a login that lasts until a case writes anything (it may log out)."""
        client = self.app.test_client()
        if role != ANONYMOUS:
            if role not in self.tokens:
                self.tokens[role] = self._login(role)
            with client.session_transaction() as cookie:
                cookie["_user_id"] = self.tokens[role]
                cookie["_fresh"] = True
        return client

    def _login(self, role: str) -> str:
        """Record a new login of the role's demo account; return its token."""
        with self.app.app_context():
            session = get_session()
            user = user_by_email(session, EMAILS[role])
            assert user is not None, f"the demo account of {role} is gone"
            token = start_login(session, user, remember=False, now=utcnow())
            session.commit()
            return token

    def after_case(self) -> bool:
        """Return whether the last case changed the data, putting it back if so (every login is then made anew)."""
        wait_for_background()  # a document the case asked for is prepared on a thread: let it finish first
        if not self.writes.count:
            return False
        self.tokens.clear()
        changed = {name for name, rows in table_digests(self.app).items() if rows != self.baseline_tables[name]}
        if changed:
            self.restore(changed)
        self.writes.count = 0
        return bool(changed)

    def restore(self, changed: set[str] | None = None) -> None:
        """Put back the rows of the changed tables (all by default) and of every table hanging from them."""
        names = {table.name for table in Base.metadata.sorted_tables} if changed is None else set(changed)
        for table in Base.metadata.sorted_tables:  # parents first: one pass takes in the grandchildren too
            if any(fk.column.table.name in names for fk in table.foreign_keys):
                names.add(table.name)
        tables = [table for table in Base.metadata.sorted_tables if table.name in names]
        self.tokens.clear()  # their logins may be gone with the rows
        with self.app.extensions["learnpm.engine"].begin() as connection:
            for table in reversed(tables):
                connection.execute(table.delete())
            for table in tables:
                if self.snapshot.get(table.name):
                    connection.execute(table.insert(), self.snapshot[table.name])
        assert digest(self.app) == self.baseline, "the demo data could not be put back"

    def load(self) -> None:
        """Empty every table, load the demo data and what the fuzz adds to it, and keep a copy of every row."""
        empty(self.app)
        with self.app.app_context():
            self.mailed_paths = add_extras_to_demo(get_session())
            get_session().commit()
        with self.app.extensions["learnpm.engine"].connect() as connection:
            self.snapshot = {table.name: [dict(row._mapping) for row in connection.execute(table.select())]
                             for table in Base.metadata.sorted_tables}
        self.baseline, self.baseline_tables = digest(self.app), table_digests(self.app)


def add_extras_to_demo(session: Any) -> list[str]:
    """Load the demo people and data, then the extras; return the paths only a mail links to."""
    load_demo(session)
    session.flush()
    return add_extras(session, EMAILS)


def empty(app: Flask) -> None:
    """Delete every row, children first."""
    with app.extensions["learnpm.engine"].begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


def table_digests(app: Flask) -> dict[str, str]:
    """Return a hash of the rows of each table in primary-key order (bar login sessions: the suite makes them).

    Read through the driver's own cursor: fast enough to take after every case that wrote.
    """
    found = {}
    raw = app.extensions["learnpm.engine"].raw_connection()
    try:
        cursor = raw.cursor()
        for table in Base.metadata.sorted_tables:
            if table.name != "login_sessions":
                order = ", ".join(column.name for column in table.primary_key.columns)
                cursor.execute(f"SELECT * FROM {table.name} ORDER BY {order}")  # noqa: S608 (names from the models)
                found[table.name] = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
        cursor.close()
    finally:
        raw.close()
    return found


def digest(app: Flask) -> str:
    """Return one hash of every table's rows."""
    return hashlib.sha256(repr(sorted(table_digests(app).items())).encode()).hexdigest()


def endpoint_of(app: Flask, path: str, method: str) -> tuple[str, dict[str, Any]] | None:
    """Return the endpoint and URL values the path answers to for `method`, or None."""
    try:
        endpoint, values = app.url_map.bind("localhost").match(path, method=method)
    except HTTPException:
        return None
    return str(endpoint), values


SKIP_CRAWL = re.compile(r"^/(static/|account/export|experience/export|experience/education/certificates/)")
PAGES_PER_ENDPOINT = 3


def crawl(site: Site, role: str, limit: int = 150) -> None:
    """Visit the pages `role` can reach from the dashboard (a few per endpoint) and keep every POST form."""
    client, seen, per_endpoint = site.client(role), set(), Counter[str]()
    queue = [rule.rule for rule in get_rules(site.app) if not rule.arguments] + site.mailed_paths
    while queue and len(seen) < limit:
        path = queue.pop(0)
        found = endpoint_of(site.app, urlsplit(path).path, "GET")
        if path in seen or SKIP_CRAWL.match(path) or found is None or per_endpoint[found[0]] >= PAGES_PER_ENDPOINT:
            continue
        seen.add(path)
        per_endpoint[found[0]] += 1
        site.url_values.setdefault(found[0], []).append({k: str(v) for k, v in found[1].items()})
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        parser = FormParser()
        parser.feed(response.get_data(as_text=True))
        for raw in parser.forms:
            keep_form(site, role, path, raw)
        for href in parser.links:
            target = urlsplit(urljoin(f"http://localhost{path}", href))
            local = target.path + (f"?{target.query}" if target.query else "")
            if target.netloc == "localhost" and local not in seen:
                queue.append(local)
    site.pages[role] = seen


def keep_form(site: Site, role: str, page: str, raw: dict[str, Any]) -> None:
    """Record a harvested form under the POST endpoint its action names."""
    action = urlsplit(urljoin(f"http://localhost{page}", raw["action"] or urlsplit(page).path)).path
    found = endpoint_of(site.app, action, "POST")
    if found is None:
        return
    form = HarvestedForm(role, page, action, found[0], raw["multipart"], parse_fields(raw["fields"]))
    known = site.forms.setdefault(found[0], [])
    if all((f.role, f.action, f.fields) != (form.role, form.action, form.fields) for f in known):
        known.append(form)


def build_site(app: Flask) -> Site:
    """Load the demo people and their data, then crawl the site as each of them."""
    site = Site(app)
    site.load()
    for role in ROLES:
        crawl(site, role)
    site.restore()
    event.listen(app.extensions["learnpm.engine"], "before_cursor_execute", site.writes)
    return site


def post_rules(app: Flask) -> list[Rule]:
    """Return every rule that takes POST."""
    return sorted((r for r in app.url_map.iter_rules() if "POST" in r.methods), key=lambda r: r.rule)


def get_rules(app: Flask) -> list[Rule]:
    """Return every GET rule (query strings are fuzzed on every page)."""
    return sorted((r for r in app.url_map.iter_rules() if "GET" in r.methods and r.endpoint != "static"),
                  key=lambda r: r.rule)


def converters(rule: Rule) -> dict[str, str]:
    """Return each URL argument of the rule with its converter's name (int, string, path…)."""
    found = {}
    for match in re.finditer(r"<(?:([a-zA-Z_]+)(?:\([^)]*\))?:)?([a-zA-Z_]+)>", rule.rule):
        found[match[2]] = match[1] or "default"
    return found


def is_refusal(response: Any) -> bool:
    """Tell whether the answer refuses the request: an error status, or the form shown again with its errors."""
    if response.status_code >= 400:
        return True
    if response.status_code == 200 and response.mimetype == "text/html":
        body = response.get_data(as_text=True)
        return 'class="error"' in body or 'class="error-summary"' in body
    return False


def rules_by_endpoint(app: Flask) -> Iterator[tuple[str, Rule]]:
    """Yield each POST endpoint once with its rule."""
    seen = set()
    for rule in post_rules(app):
        if rule.endpoint not in seen:
            seen.add(rule.endpoint)
            yield rule.endpoint, rule

