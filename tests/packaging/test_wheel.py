"""An installed wheel carries its templates and content and serves the site from any directory."""

from __future__ import annotations

import http.cookiejar
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pypdf
import pytest

from learnpm.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.packaging
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel and install it (not editable) into a fresh virtual environment."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(work), str(ROOT)], check=True,
                   capture_output=True)
    wheel = next(work.glob("learnpm-*.whl"))
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    return venv


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a user who set nothing of learnpm's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEARNPM_") and k != "DATABASE_URL"}
    return {**env, **extra}


def test_the_wheel_finds_its_bundled_templates_and_content(installed: Path, tmp_path: Path):
    code = "from learnpm.paths import templates_dir, content_dir; print(templates_dir()); print(content_dir())"
    out = subprocess.run([str(installed / "bin" / "python"), "-c", code], cwd=tmp_path, env=clean_env(),
                         capture_output=True, text=True, check=True).stdout.split()
    templates, content = map(Path, out)
    assert "site-packages" in str(templates) and (templates / "base.html").is_file()
    assert (content / "competencies.yaml").is_file()


def test_serve_demo_answers_and_every_demo_account_logs_in(installed: Path, tmp_path: Path):
    port = free_port()
    server = subprocess.Popen(
        [str(installed / "bin" / "learnpm"), "serve", "--demo", "--port", str(port), "--workers", "1"],
        cwd=tmp_path, env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, server)
        openers = {}
        for account in DEMO_ACCOUNTS:
            openers[account.email], dashboard = log_in(base, account.email, DEMO_PASSWORD)
            assert f"Hello, {account.display_name}" in dashboard
        opener = openers[DEMO_ACCOUNTS[1].email]  # the volunteer, whose report has projects in it
        # A document renders in a worker process started from the installed package, with its print stylesheet.
        documents = opener.open(base + "/documents/").read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', documents).group(1)
        pdf = opener.open(base + "/documents/readiness", data=urllib.parse.urlencode({"csrf_token": token}).encode())
        assert pdf.headers["Content-Type"] == "application/pdf"
        reader = pypdf.PdfReader(io.BytesIO(pdf.read()))
        assert "Readiness report" in reader.pages[0].extract_text() and "/StructTreeRoot" in reader.trailer["/Root"]
        css = urllib.request.urlopen(base + "/static/css/site.css").read().decode()
        assert "--brand" in css
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Demo logins" in output and "student@demo.learnpm" in output and f"http://localhost:{port}/" in output


def wait_until_healthy(base: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"learnpm serve exited early:\n{server.stdout.read() if server.stdout else ''}")
        try:
            if urllib.request.urlopen(base + "/healthz", timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail("learnpm serve did not answer /healthz within 60 seconds")


def log_in(base: str, email: str, password: str) -> tuple[urllib.request.OpenerDirector, str]:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    form = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password}).encode()
    return opener, opener.open(base + "/login", data=body).read().decode()
