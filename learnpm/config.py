"""Configuration in layers: defaults here, then the instance's learnpm.toml, then LEARNPM_* variables."""

from __future__ import annotations

import os
import secrets
import time
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from learnpm.auth.tokens import REMEMBER_LIFETIME

CONFIG_FILE_NAME = "learnpm.toml"
SECRET_KEY_FILE_NAME = "secret_key"
RATELIMIT_FILE_NAME = "ratelimits.sqlite3"
RATELIMIT_FILE_SCHEME = "learnpm+sqlite"  # learnpm.ratelimit_storage reads it

DEFAULTS: dict[str, Any] = {
    # Where the data lives; empty means an SQLite file in the instance folder.
    "DATABASE_URL": "",
    # Rate-limit counters; empty means a file in the instance folder that every worker of this machine shares.
    # Set redis://host:6379 once several machines serve the site.
    "RATELIMIT_STORAGE_URI": "",
    # Failed logins from one address, on any accounts.
    "LOGIN_LIMIT_PER_CLIENT": "30 per 10 minutes",
    # Failed logins on one account from one address: other addresses (the owner's) are not held up by them.
    "LOGIN_LIMIT_PER_ACCOUNT": "6 per 15 minutes",
    # Wrong current passwords (change password, delete the account) by one logged-in user.
    "CURRENT_PASSWORD_LIMIT": "6 per 15 minutes",
    # Verification mail (requests and reminders) sent by one learner, and sent to one verifier address by anyone.
    "VERIFICATION_MAILS_PER_LEARNER": "5 per hour",
    "VERIFICATION_MAILS_PER_ADDRESS": "3 per day",
    # Set when the site is served over HTTPS: cookies become Secure and HSTS is sent.
    "HTTPS": False,
    # How many reverse proxies stand in front of the site and set X-Forwarded-* headers.
    "PROXY_COUNT": 0,
    "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
    "BASE_URL": "",
    "MAIL_SERVER": "",
    "MAIL_PORT": 587,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_USE_TLS": True,
    "MAIL_FROM": "learnpm <no-reply@localhost>",
    "MAIL_OUTBOX_DIR": "",
    # Each worker of `learnpm serve` retries failed mail this often (seconds); 0 leaves it to `learnpm mail deliver`.
    "MAIL_RETRY_SECONDS": 60,
    "LOG_LEVEL": "INFO",
    # Background work: empty runs it in the web processes (one machine, no extra process); redis://host:6379/1
    # hands it to `learnpm worker` processes through Redis, and the web servers only enqueue.
    "QUEUE_URL": "",
    # A job on the queue is stopped after so many seconds (a PDF render after PDF_RENDER_SECONDS).
    "JOB_SECONDS": 600,
    # How often a scheduler (each `learnpm serve` worker, or each `learnpm worker`) looks for scheduled jobs due,
    # such as the weekly digest; 0 leaves them to `learnpm schedule --once` from cron.
    "SCHEDULE_SECONDS": 60,
    # PDFs render in worker processes: so many at once per server process, each stopped after so many seconds
    # (a long document after so many seconds a page it prints, when that is longer); a download waits so long for
    # a free worker before the user is asked to try again.
    "PDF_RENDERS_AT_ONCE": 2,
    "PDF_RENDER_SECONDS": 60,
    "PDF_RENDER_SECONDS_PER_PAGE": 1.0,
    "PDF_WAIT_SECONDS": 20,
    # Answer every response with a Server-Timing header of what it cost the server (the load test reads it).
    "SERVER_TIMING": False,
}

# Flask settings that follow from the layered ones; not meant to be set by hand.
FIXED: dict[str, Any] = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    # The cookie lives as long as the login it carries does on the server.
    "REMEMBER_COOKIE_DURATION": int(REMEMBER_LIFETIME.total_seconds()),
    "WTF_CSRF_TIME_LIMIT": None,
    "RATELIMIT_HEADERS_ENABLED": True,
}


def load(app: Flask, overrides: Mapping[str, Any] | None = None) -> None:
    """Fill `app.config` from every layer, the last one winning."""
    app.config.update(DEFAULTS)
    app.config.from_file(CONFIG_FILE_NAME, load=_read_toml, silent=True, text=False)
    if "DATABASE_URL" in os.environ and "LEARNPM_DATABASE_URL" not in os.environ:
        app.config["DATABASE_URL"] = os.environ["DATABASE_URL"]
    app.config.from_prefixed_env("LEARNPM")
    if overrides:
        app.config.update(overrides)
    app.config.update(FIXED)
    _derive(app)


def _read_toml(handle: Any) -> dict[str, Any]:
    """Read a TOML config file, upper-casing its keys like the environment's."""
    return {key.upper(): value for key, value in tomllib.load(handle).items()}


def _derive(app: Flask) -> None:
    """Fill in what follows from the other settings."""
    if not app.config["DATABASE_URL"]:
        path = Path(app.instance_path) / "learnpm.sqlite3"
        app.config["DATABASE_URL"] = f"sqlite:///{path}"
    https = bool(app.config["HTTPS"])
    app.config["SESSION_COOKIE_SECURE"] = https
    app.config["REMEMBER_COOKIE_SECURE"] = https
    app.config["PREFERRED_URL_SCHEME"] = "https" if https else "http"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))
    if not app.config["RATELIMIT_STORAGE_URI"]:
        app.config["RATELIMIT_STORAGE_URI"] = f"{RATELIMIT_FILE_SCHEME}://{Path(app.instance_path) / RATELIMIT_FILE_NAME}"


def instance_secret_key(instance_path: Path) -> str:
    """Read the instance's secret key, generating it on first start."""
    key_file = instance_path / SECRET_KEY_FILE_NAME
    instance_path.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: when several workers start at once, exactly one writes the key.
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(key_file)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    return _read_key(key_file)


def _read_key(key_file: Path) -> str:
    """Return the key stored in `key_file`, waiting briefly for a writer that is still busy."""
    for _ in range(50):
        key = key_file.read_text().strip()
        if key:
            return key
        time.sleep(0.02)
    raise RuntimeError(f"The secret key file {key_file} is empty; delete it and start again.")
