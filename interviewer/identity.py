"""Who is on the other end: identities the server issues and verifies, never taken from the client.

A browser gets a random id in a signed, HttpOnly cookie on its first request; a logged-in user is
their login name. Owners are namespaced ("browser:…", "user:…", and "local" for the command line)
so no kind of identity can pass for another. `owner_folder` is the one place that turns an owner
into a folder name, and `LoginGuard` slows down password guessing.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

COOKIE = "interview_coach_id"
COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest lifetime browsers accept
CLI_OWNER = "local"

log = logging.getLogger("interviewer.identity")


def _sign(value: str, key: bytes) -> str:
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def issue(key: bytes) -> str:
    """A new browser identity as a cookie value: a random id and its signature."""
    value = secrets.token_hex(16)
    return f"{value}.{_sign(value, key)}"


def verify(token: str | None, key: bytes) -> str | None:
    """The browser id inside a cookie value this server signed, or None for anything else."""
    if not token or token.count(".") != 1:
        return None
    value, signature = token.split(".")
    if len(value) != 32 or not all(c in "0123456789abcdef" for c in value):
        return None
    return value if hmac.compare_digest(signature, _sign(value, key)) else None


def browser_owner(browser_id: str) -> str:
    """The owner name of a browser identity."""
    return f"browser:{browser_id}"


def user_owner(username: str) -> str:
    """The owner name of a logged-in user."""
    return f"user:{username}"


def owner_of(username: str | None, cookie: str | None, key: bytes) -> str | None:
    """The owner of a web request: the login name wins, else the signed cookie; None if neither."""
    if username:
        return user_owner(username)
    browser = verify(cookie, key)
    return browser_owner(browser) if browser else None


class SecretKeeper(Protocol):
    """Where replicas keep a secret they share (the session database)."""

    def secret(self, name: str, default: str | None = None) -> str: ...


def shared_secret(keeper: SecretKeeper, legacy_file: Path) -> str:
    """The browser-signing key every replica shares, kept by `keeper` (made once, by whichever
    replica asks first). A key an older version kept in `legacy_file` is carried over, so the
    browsers it signed keep their sessions."""
    try:
        legacy = legacy_file.read_text().strip() or None
    except OSError:
        legacy = None
    return keeper.secret("browser", default=legacy)


def owner_folder(root: Path, owner: str) -> Path:
    """The folder under `root` that holds an owner's files: a digest, whatever the owner says."""
    return root / hashlib.sha256(owner.encode()).hexdigest()[:32]


class CookieMiddleware:
    """ASGI middleware: a request without a valid identity cookie gets one, on the request (so the
    app sees it at once) and in the response (so the browser keeps it)."""

    def __init__(self, app: Any, key: bytes, secure: bool = False) -> None:
        self.app = app
        self.key = key
        self.secure = secure

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = list(scope.get("headers", []))
        cookie = _cookie(headers, COOKIE)
        if verify(cookie, self.key) is not None:
            await self.app(scope, receive, send)
            return
        token = issue(self.key)
        others = [(k, v) for k, v in headers if k != b"cookie"]
        kept = [v.decode("latin-1") for k, v in headers if k == b"cookie"]
        kept = [part for v in kept for part in v.split(";")
                if part.strip() and not part.strip().startswith(f"{COOKIE}=")]
        scope = {**scope, "headers": [*others,
                                      (b"cookie", "; ".join([*kept, f"{COOKIE}={token}"]).encode())]}
        attributes = f"{COOKIE}={token}; Path=/; Max-Age={COOKIE_MAX_AGE}; HttpOnly; SameSite=Lax"
        if self.secure:
            attributes += "; Secure"

        async def send_with_cookie(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []),
                                                  (b"set-cookie", attributes.encode())]}
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _cookie(headers: list[tuple[bytes, bytes]], name: str) -> str | None:
    for key, value in headers:
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                k, _, v = part.strip().partition("=")
                if k == name:
                    return v
    return None


class LoginGuard:
    """Checks logins in constant time; after repeated failures a name (and, past a higher bar,
    every name) is locked for a while, and every failure is logged."""

    def __init__(
        self,
        pairs: list[tuple[str, str]],
        max_failures: int = 5,
        max_failures_all: int = 30,
        window_seconds: float = 60.0,
        lock_seconds: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._pairs = dict(pairs)
        self.max_failures = max_failures
        self.max_failures_all = max_failures_all
        self.window = window_seconds
        self.lock_seconds = lock_seconds
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._all: deque[float] = deque()
        self._locked_until: dict[str, float] = {}
        self._all_locked_until = 0.0
        self._mutex = threading.Lock()

    def __call__(self, username: str, password: str) -> bool:
        """True when the login is right and the name is not locked."""
        now = self._clock()
        with self._mutex:
            self._forget(now)
            until = max(self._locked_until.get(username, 0.0), self._all_locked_until)
            if until > now:
                log.warning("login refused for %r: locked for %.0f s more after repeated failures",
                            username, until - now)
                return False
            expected = self._pairs.get(username)
            ok = expected is not None and hmac.compare_digest(expected.encode(), password.encode())
            if ok:
                self._failures.pop(username, None)
                return True
            mine = self._failures.setdefault(username, deque())
            mine.append(now)
            self._all.append(now)
            log.warning("login failed for %r (%d in the last %.0f s)", username, len(mine), self.window)
            if len(mine) >= self.max_failures:
                self._locked_until[username] = now + self.lock_seconds
                log.warning("login locked for %r for %.0f s", username, self.lock_seconds)
            if len(self._all) >= self.max_failures_all:
                self._all_locked_until = now + self.lock_seconds
                log.warning("all logins locked for %.0f s: %d failures in %.0f s", self.lock_seconds,
                            len(self._all), self.window)
            return False

    def _forget(self, now: float) -> None:
        for times in [*self._failures.values(), self._all]:
            while times and times[0] <= now - self.window:
                times.popleft()
