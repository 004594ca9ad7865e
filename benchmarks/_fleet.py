"""The processes of a site run at scale, each started on loopback in a folder of its own and stopped at the end.

PostgreSQL, Redis, an SMTP sink (aiosmtpd writing a maildir), `learnpm serve`, `learnpm worker` and Debian's
nginx. Every process runs in a process group of its own (so that a kill reaches its children) and writes to a log
file in the run's folder; `Fleet.stop_all` ends them all, in reverse order, whatever happened before.
"""

from __future__ import annotations

import glob
import mailbox
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

NGINX = "/usr/sbin/nginx"
NGINX_CONF = """\
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
  access_log {folder}/nginx-access.log;
  client_body_temp_path {folder}/nginx-tmp/body;
  proxy_temp_path {folder}/nginx-tmp/proxy;
  fastcgi_temp_path {folder}/nginx-tmp/fastcgi;
  uwsgi_temp_path {folder}/nginx-tmp/uwsgi;
  scgi_temp_path {folder}/nginx-tmp/scgi;
  upstream learnpm {{
{servers}
    keepalive 16;
  }}
  server {{
    listen 127.0.0.1:{port};
    client_max_body_size 8m;
    location / {{
      proxy_pass http://learnpm;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 2s;
      proxy_read_timeout 90s;
    }}
  }}
}}
"""


def free_port() -> int:
    """Return a loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(ready, what: str, seconds: float, process: subprocess.Popen | None = None) -> None:
    """Poll `ready` until it answers true; fail after `seconds`, or at once when `process` has ended."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what}: the process ended with {process.returncode}")
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not happen within {seconds:g} s")


def listens(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def healthy(port: int) -> bool:
    try:
        with urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
            return answer.status == 200
    except (URLError, OSError):
        return False


@dataclass
class Fleet:
    """The processes of one run, by name, and the folder holding their logs."""

    folder: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    stopped: list[str] = field(default_factory=list)

    def start(self, name: str, command: list[str], env: dict[str, str] | None = None,
              user: str | None = None) -> subprocess.Popen:
        """Start `command` in a process group of its own, its output going to `<name>.log`."""
        log = open(self.folder / f"{name}.log", "ab")
        if user is not None:
            command = ["runuser", "-u", user, "--", *command]
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=self.folder,
                                   start_new_session=True)
        log.close()
        self.processes[name] = process
        return process

    def send(self, name: str, number: int) -> None:
        """Send signal `number` to the whole process group of `name`."""
        try:
            os.killpg(self.processes[name].pid, number)
        except ProcessLookupError:
            pass

    def kill_now(self, name: str, seconds: float = 10) -> None:
        """SIGKILL the whole process group of `name` and return once none of its processes is left."""
        process = self.processes[name]
        self.send(name, signal.SIGKILL)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            process.poll()  # reap the group's leader, or it lingers as a zombie
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.01)

    def stop(self, name: str, number: int = signal.SIGTERM, seconds: float = 20) -> None:
        """Stop `name` and its children, killing them when they linger."""
        process = self.processes.get(name)
        if process is None:
            return
        if process.poll() is None:
            self.send(name, signal.SIGCONT)
            self.send(name, number)
            try:
                process.wait(seconds)
            except subprocess.TimeoutExpired:
                self.send(name, signal.SIGKILL)
                process.wait()
        self.send(name, signal.SIGKILL)  # children left behind by a parent that was killed
        self.stopped.append(name)

    def stop_all(self, last: tuple[str, ...] = ("smtp", "redis", "postgres")) -> None:
        """Stop every process: all at once, then the stores (`last`) once nothing uses them any more."""
        running = [name for name in self.processes if name not in self.stopped]
        front = [name for name in running if name not in last]
        for name in front:
            self.send(name, signal.SIGCONT)
            self.send(name, signal.SIGTERM)
        for name in front:
            self.stop(name)
        for name in reversed([name for name in running if name in last]):
            self.stop(name, signal.SIGINT if name == "postgres" else signal.SIGTERM)

    def print_logs(self, lines: int = 40) -> None:
        """Print the end of every log (after a failure)."""
        for path in sorted(self.folder.glob("*.log")):
            text = path.read_text(errors="replace").splitlines()
            print(f"\n--- {path} (last {min(lines, len(text))} of {len(text)} lines)", file=sys.stderr)
            print("\n".join(text[-lines:]), file=sys.stderr)


# --- the services ----------------------------------------------------------------------------------------------

def start_postgres(fleet: Fleet) -> str:
    """Start a throwaway PostgreSQL on a free loopback port (as the postgres user when run as root); return its URL."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    bindir, port = Path(found[-1]).parent, free_port()
    data = fleet.folder / "pg"
    user = None
    if os.getuid() == 0:  # initdb refuses to run as root
        user = "postgres"
        data.mkdir()
        try:
            entry = pwd.getpwnam(user)
        except KeyError:
            raise RuntimeError("run as root, PostgreSQL needs a postgres user: "
                               "useradd --system --no-create-home postgres") from None
        os.chown(data, entry.pw_uid, entry.pw_gid)
        os.chmod(fleet.folder, 0o755)
    initdb = subprocess.run(([] if user is None else ["runuser", "-u", user, "--"])
                            + [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                               "--locale=C.UTF-8"], capture_output=True, text=True)
    if initdb.returncode:
        raise RuntimeError(f"initdb failed: {initdb.stderr}")
    process = fleet.start("postgres", [str(bindir / "postgres"), "-D", str(data), "-k", str(data), "-p", str(port),
                                       "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                                       "-c", "max_connections=200"], user=user)
    wait_until(lambda: listens(port), "PostgreSQL listening", 60, process)
    created = subprocess.run([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
                              "learnpm"], capture_output=True, text=True)
    if created.returncode:
        raise RuntimeError(f"createdb failed: {created.stderr}")
    return f"postgresql://postgres@127.0.0.1:{port}/learnpm"


def start_redis(fleet: Fleet) -> int:
    """Start a Redis that keeps nothing on disk; return its port."""
    server, port = shutil.which("redis-server"), free_port()
    if server is None:
        raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
    process = fleet.start("redis", [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                    "--appendonly", "no"])
    wait_until(lambda: listens(port), "Redis listening", 30, process)
    return port


def start_smtp_sink(fleet: Fleet) -> tuple[int, Path]:
    """Start an SMTP server that keeps every message it accepts in a maildir; return its port and the maildir."""
    port, maildir = free_port(), fleet.folder / "maildir"
    process = fleet.start("smtp", [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
                                   "-c", "aiosmtpd.handlers.Mailbox", str(maildir)])
    wait_until(lambda: listens(port), "the SMTP sink listening", 30, process)
    return port, maildir


def received_message_ids(maildir: Path) -> Counter[str]:
    """Count the messages the SMTP sink received under each Message-ID."""
    if not maildir.exists():
        return Counter()
    return Counter(str(message["Message-ID"]) for message in mailbox.Maildir(maildir, create=False))


def start_nginx(fleet: Fleet, port: int, upstreams: list[int]) -> None:
    """Start nginx, unprivileged, on `port` in front of the app servers on `upstreams`."""
    if not Path(NGINX).exists():
        raise RuntimeError("nginx is not installed (apt-get install nginx)")
    (fleet.folder / "nginx-tmp").mkdir(exist_ok=True)
    servers = "\n".join(f"    server 127.0.0.1:{upstream} max_fails=1 fail_timeout=10s;" for upstream in upstreams)
    conf = fleet.folder / "nginx.conf"
    conf.write_text(NGINX_CONF.format(folder=fleet.folder, servers=servers, port=port))
    process = fleet.start("nginx", [NGINX, "-p", str(fleet.folder), "-c", str(conf), "-g", "daemon off;"])
    wait_until(lambda: listens(port), "nginx listening", 30, process)


def learnpm_command(*arguments: str) -> list[str]:
    return [sys.executable, "-c", "from learnpm.cli import main; main()", *arguments]


def start_app_server(fleet: Fleet, name: str, env: dict[str, str], port: int, workers: int = 2,
                     wait: bool = True) -> subprocess.Popen:
    """Start `learnpm serve --no-migrate` on `port` and (unless told not to) wait until each worker is ready."""
    log = fleet.folder / f"{name}.log"
    earlier = log.stat().st_size if log.exists() else 0  # a server started again appends to the same log
    process = fleet.start(name, learnpm_command("serve", "--host", "127.0.0.1", "--port", str(port), "--workers",
                                                str(workers), "--no-migrate"), env=env)
    if wait:
        def ready() -> bool:
            with open(log, "rb") as lines:
                lines.seek(earlier)
                return lines.read().count(b"is ready") >= workers and healthy(port)

        wait_until(ready, f"{name} answering", 90, process)
    return process


def start_worker(fleet: Fleet, env: dict[str, str]) -> subprocess.Popen:
    """Start `learnpm worker` with its scheduler."""
    process = fleet.start("worker", learnpm_command("worker"), env=env)
    time.sleep(0.5)
    if process.poll() is not None:
        raise RuntimeError("learnpm worker stopped at once")
    return process
