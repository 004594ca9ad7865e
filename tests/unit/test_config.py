"""Configuration comes in layers: defaults, the instance's learnpm.toml, then LEARNPM_* variables."""

import stat

import pytest
from flask import Flask

from learnpm import config
from learnpm.db import normalise_url


@pytest.fixture
def bare_app(tmp_path, monkeypatch):
    for name in ("DATABASE_URL", "LEARNPM_DATABASE_URL", "LEARNPM_SECRET_KEY", "LEARNPM_HTTPS"):
        monkeypatch.delenv(name, raising=False)
    return Flask("learnpm", instance_path=str(tmp_path / "instance"), instance_relative_config=True)


def test_defaults_give_an_sqlite_file_in_the_instance_folder(bare_app):
    config.load(bare_app)
    assert bare_app.config["DATABASE_URL"] == f"sqlite:///{bare_app.instance_path}/learnpm.sqlite3"
    assert bare_app.config["RATELIMIT_STORAGE_URI"] == f"learnpm+sqlite://{bare_app.instance_path}/ratelimits.sqlite3"
    assert bare_app.config["SESSION_COOKIE_SECURE"] is False


def test_the_instance_file_overrides_defaults_and_the_environment_overrides_the_file(bare_app, monkeypatch, tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "learnpm.toml").write_text('database_url = "sqlite:///from-file.db"\nlog_level = "DEBUG"\n')
    monkeypatch.setenv("LEARNPM_LOG_LEVEL", "WARNING")
    config.load(bare_app)
    assert bare_app.config["DATABASE_URL"] == "sqlite:///from-file.db"
    assert bare_app.config["LOG_LEVEL"] == "WARNING"


def test_learnpm_database_url_wins_over_the_plain_database_url(bare_app, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://host/plain")
    config.load(bare_app)
    assert bare_app.config["DATABASE_URL"] == "postgresql://host/plain"
    monkeypatch.setenv("LEARNPM_DATABASE_URL", "postgresql://host/prefixed")
    config.load(bare_app)
    assert bare_app.config["DATABASE_URL"] == "postgresql://host/prefixed"


def test_https_makes_cookies_secure(bare_app, monkeypatch):
    monkeypatch.setenv("LEARNPM_HTTPS", "true")
    config.load(bare_app)
    assert bare_app.config["SESSION_COOKIE_SECURE"] is True
    assert bare_app.config["REMEMBER_COOKIE_SECURE"] is True


def test_a_secret_key_is_generated_once_private_and_kept(bare_app, tmp_path):
    config.load(bare_app)
    key = bare_app.config["SECRET_KEY"]
    key_file = tmp_path / "instance" / "secret_key"
    assert len(key) >= 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    again = Flask("learnpm", instance_path=str(tmp_path / "instance"), instance_relative_config=True)
    config.load(again)
    assert again.config["SECRET_KEY"] == key


def test_a_configured_secret_key_is_used_and_nothing_is_written(bare_app, monkeypatch, tmp_path):
    monkeypatch.setenv("LEARNPM_SECRET_KEY", "from-the-environment")
    config.load(bare_app)
    assert bare_app.config["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "instance" / "secret_key").exists()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql://u@h:5433/db", "postgresql+psycopg://u@h:5433/db"),
        ("postgresql+psycopg://h/db", "postgresql+psycopg://h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_postgres_urls_use_psycopg_3(url, expected):
    assert normalise_url(url) == expected
