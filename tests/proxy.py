"""The deployment example's proxy for real: deploy/nginx.conf.template, filled in as the nginx image
does it, run by Debian's nginx as an unprivileged process on a free 127.0.0.1 port in front of app
replicas (tests/test_replicas.py, scripts/bench_load.py --proxy).

Only the wrapper around the file is ours (the image has its own /etc/nginx/nginx.conf): paths in a
temporary folder, one worker, and an access log naming each request's routing key and upstream."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
FILTER = "COACH_"  # NGINX_ENVSUBST_FILTER in deploy/compose.yaml
# The nginx image's substitution (docker-entrypoint.d/20-envsubst-on-templates.sh): $NAME or
# ${NAME} for names starting with the filter; names not set stay as written.
_PLACEHOLDER = re.compile(r"\$(\{)?(" + FILTER + r"\w*)(?(1)\})")

_WRAPPER = """\
# Written by tests/proxy.py around the deployment example's file (default.conf).
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log info;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 65;
    client_body_temp_path {folder}/tmp/body;
    proxy_temp_path {folder}/tmp/proxy;
    fastcgi_temp_path {folder}/tmp/fastcgi;
    uwsgi_temp_path {folder}/tmp/uwsgi;
    scgi_temp_path {folder}/tmp/scgi;
    log_format routes escape=none
        "$msec\\t$route_key\\t$upstream_addr\\t$upstream_status\\t$status\\t$request_method\\t$uri";
    access_log {folder}/access.log routes;
    include {folder}/default.conf;
}}
"""


def placeholders(text: str) -> set[str]:
    """The COACH_* names a template uses."""
    return {m[2] for m in _PLACEHOLDER.finditer(text)}


def render(text: str, env: Mapping[str, str]) -> str:
    """`text` with its COACH_* placeholders filled from `env`, as the nginx image does it."""
    return _PLACEHOLDER.sub(lambda m: env.get(m[2], m[0]), text)


def binary() -> str:
    """Debian's nginx (/usr/sbin is not on every PATH)."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        raise RuntimeError("nginx is not installed: apt-get install nginx (.ci/run does it).")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Hit:
    """One line of the access log: which upstream(s) served a request, keyed how."""

    key: str
    upstreams: tuple[str, ...]  # in the order tried: "127.0.0.1:7861, 127.0.0.1:7862" on a retry
    upstream_status: str
    status: int
    method: str
    uri: str

    @property
    def served_by(self) -> str:
        """The upstream that answered (the last one tried)."""
        return self.upstreams[-1] if self.upstreams else ""


class Proxy:
    """nginx with the deployment example's configuration in front of `upstreams` (host:port)."""

    def __init__(self, upstreams: Sequence[str]) -> None:
        if len(upstreams) != 2:
            raise ValueError("deploy/nginx.conf.template names two replicas")
        self.upstreams = list(upstreams)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # Not pytest's tmp_path: it is private to root, and nginx runs as nobody then.
        self.folder = Path(tempfile.mkdtemp(prefix="interviewer-nginx-"))
        self.folder.chmod(0o755)
        self._as: list[str] = []
        if os.geteuid() == 0:
            self._as = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                        "--inh-caps=-all"]
        self.proc: subprocess.Popen[bytes] | None = None

    def write(self) -> None:
        """The filled-in template (default.conf) and the wrapper (nginx.conf) in the folder."""
        template = TEMPLATE.read_text(encoding="utf-8")
        env = {"COACH_LISTEN": f"127.0.0.1:{self.port}", "COACH_APP1": self.upstreams[0],
               "COACH_APP2": self.upstreams[1]}
        missing = placeholders(template) - set(env)
        if missing:
            raise RuntimeError(f"{TEMPLATE.name} uses {sorted(missing)}, which tests/proxy.py does"
                               " not fill in (nor does deploy/compose.yaml, probably)")
        (self.folder / "default.conf").write_text(render(template, env), encoding="utf-8")
        (self.folder / "nginx.conf").write_text(_WRAPPER.format(folder=self.folder),
                                                encoding="utf-8")
        (self.folder / "tmp").mkdir()
        if self._as:
            for path in [self.folder, *self.folder.rglob("*")]:
                shutil.chown(path, "nobody", "nogroup")

    def _command(self, *extra: str) -> list[str]:
        return [*self._as, binary(), "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"),
                "-e", str(self.folder / "error.log"), *extra]

    def check(self) -> str:
        """`nginx -t` on the configuration; its report (raises with it when nginx refuses)."""
        done = subprocess.run(self._command("-t"), capture_output=True, text=True, timeout=60)
        if done.returncode:
            raise RuntimeError(f"nginx -t refused the configuration:\n{done.stderr}{self.errors()}")
        return done.stderr

    def start(self) -> None:
        """Write the configuration, check it, start nginx and wait until it accepts connections;
        on failure the error log is in the exception."""
        self.write()
        self.check()
        self.proc = subprocess.Popen(self._command(), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start:\n{self.errors()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()  # a fast shutdown: open streams are cut
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=20)
            self.proc = None

    def errors(self) -> str:
        """The error log (startup problems, upstreams that refused or timed out)."""
        path = self.folder / "error.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def hits(self) -> list[Hit]:
        """Every request logged so far (a request is logged when it ends: close streams first)."""
        path = self.folder / "access.log"
        out = []
        for line in (path.read_text(encoding="utf-8").splitlines() if path.exists() else []):
            _msec, key, upstreams, upstream_status, status, method, uri = line.split("\t")
            addresses = tuple(a.strip() for a in upstreams.split(",") if a.strip() not in ("", "-"))
            out.append(Hit(key, addresses, upstream_status, int(status), method, uri))
        return out

    def wait_for(self, key: str, count: int = 1, timeout: float = 10) -> list[Hit]:
        """The logged requests routed on `key`, once there are at least `count` of them."""
        deadline = time.monotonic() + timeout
        while True:
            found = [h for h in self.hits() if h.key == key]
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.1)


@contextmanager
def running(upstreams: Sequence[str]) -> Iterator[Proxy]:
    """nginx in front of `upstreams` for the duration; its folder removed at the end."""
    proxy = Proxy(upstreams)
    try:
        proxy.start()
        yield proxy
    finally:
        try:
            proxy.stop()
        finally:
            shutil.rmtree(proxy.folder, ignore_errors=True)
