"""The fuzzed site: one app on the test database with the demo people, crawled once for the whole package."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from learnpm import create_app
from learnpm.security import limiter
from tests.fuzz.support import Site, build_site, empty

# The fuzz cases run by kind of route, over every test of this package; shown at the end of the run.
CASES_RUN: dict[str, int] = {}


@pytest.fixture(scope="package")
def fuzz_site(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Return the site with the demo data loaded and its forms harvested; CSRF and rate limits are tested elsewhere."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LEARNPM_INSTANCE_PATH", str(tmp_path_factory.mktemp("fuzz") / "instance"))
        app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "fuzz-secret-key",
                          "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
        limiter.enabled = False
        try:
            site = build_site(app)
            yield site
        finally:
            limiter.enabled = True
            CASES_RUN.update(site.counts if "site" in locals() else {})
            empty(app)
            app.extensions["learnpm.engine"].dispose()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Report how many fuzz cases ran, per kind of route."""
    if CASES_RUN:
        total = sum(CASES_RUN.values())
        kinds = ", ".join(f"{kind}: {count}" for kind, count in sorted(CASES_RUN.items()))
        terminalreporter.write_line(f"fuzz cases: {total} ({kinds})")
