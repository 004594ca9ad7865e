"""Regenerate the screenshots of the key pages, at 390 px and 1280 px, from the demo data.

Run from the checkout:  python tests/browser/screenshots.py [--out docs/screenshots] [--scheme light|dark] [--all]
It serves a fresh demo site on a loopback port, opens each key page in Debian's Chromium and writes its first
screen to <out>/<page>-<width>.png. With --all every page of the site is taken whole (to look them over).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from learnpm import create_app  # noqa: E402
from learnpm.db import make_engine  # noqa: E402
from learnpm.migrate import upgrade  # noqa: E402
from tests.browser.site_pages import ANONYMOUS, EMAILS, PASSWORD, ROLES, load_site, page_path, site_pages  # noqa: E402
from tests.browser.support import CHROMIUM_FLAGS, system_chromium  # noqa: E402

WIDTHS = (390, 1280)
# The pages the README shows: file name -> (role, endpoint)
KEY_PAGES = {
    "experience": ("volunteer", "experience.dashboard"),
    "project": ("volunteer", "experience.show_project"),
    "play": ("student", "scenarios.play"),
    "review": ("mentor", "reviews.show"),
    "mentor-dashboard": ("mentor", "main.dashboard"),
    "verify": ("anonymous", "documents.verify"),
}


def serve_demo(folder: Path):
    """Start a demo site on a fresh SQLite database; return the app and its base URL."""
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    os.environ["LEARNPM_INSTANCE_PATH"] = str(folder / "instance")
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "screenshots"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return app, f"http://127.0.0.1:{server.server_port}"


def chosen_pages(app, ids, take_all: bool):
    """Return (file name, page) pairs: the key pages, or every page."""
    pages = site_pages(app, ids)
    if take_all:
        return [(page.name, page) for page in pages]
    chosen = []
    for name, (role, endpoint) in KEY_PAGES.items():
        chosen.append((name, next(page for page in pages if page.role == role and page.endpoint == endpoint)))
    return chosen


def take(out: Path, scheme: str, take_all: bool) -> list[Path]:
    """Write the screenshots; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        app, base = serve_demo(Path(folder))
        ids = load_site(app)
        pages = chosen_pages(app, ids, take_all)
        chromium = system_chromium()
        if not chromium:
            raise SystemExit("Chromium is not installed: run `bash .ci/setup test`, or set LEARNPM_CHROMIUM.")
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS, headless=True)
        for width in WIDTHS:
            for role in ROLES:
                context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=scheme)
                page = context.new_page()
                if role != ANONYMOUS:
                    page.goto(base + "/login")
                    page.get_by_label("Email").fill(EMAILS[role])
                    page.get_by_label("Password").fill(PASSWORD)
                    page.get_by_role("button", name="Log in").click()
                    page.wait_for_load_state("load")
                for name, site_page in pages:
                    if site_page.role != role:
                        continue
                    page.goto(base + page_path(app, site_page))
                    suffix = "" if scheme == "light" else f"-{scheme}"
                    path = out / f"{name}-{width}{suffix}.png"
                    page.screenshot(path=str(path), full_page=take_all)
                    written.append(path)
                context.close()
        browser.close()
    return written


def main() -> None:
    """Parse the options and take the screenshots."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request would drown the file list
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--scheme", choices=("light", "dark"), default="light")
    parser.add_argument("--all", action="store_true", help="every page of the site, not only the key ones")
    options = parser.parse_args()
    for path in take(options.out, options.scheme, options.all):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
