"""A small OpenAI-compatible chat-completions server on 127.0.0.1 for the HTTP path's tests."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class StubState:
    """What the stub should do next, and what it received."""

    def __init__(self) -> None:
        self.mode = "ok"  # ok | error500 | slow | malformed | empty
        self.reply = "Thanks. Tell me about a time you led a change."
        self.delay = 0.0
        self.replies: list[str] = []
        """Replies given first, one per request, before falling back to `reply`."""
        self.responder: Callable[[dict[str, Any]], str] | None = None
        """When set, builds each reply from the request body (a stand-in for a capable model)."""
        self.requests: list[dict[str, Any]] = []


def _handler(state: StubState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            state.requests.append(body)
            if state.mode == "error500":
                self._send(500, {"error": {"message": "boom", "type": "server_error"}})
                return
            if state.mode == "slow":
                time.sleep(state.delay)
            if state.mode == "malformed":
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                self.wfile.write(b"data: {this is not json\n\n")
                self.wfile.flush()
                return
            if state.mode == "empty":
                text = ""
            elif state.replies:
                text = state.replies.pop(0)
            else:
                text = state.responder(body) if state.responder else state.reply
            if not body.get("stream"):
                self._send(200, {"id": "x", "object": "chat.completion", "created": 0,
                                 "model": body.get("model"),
                                 "choices": [{"index": 0, "finish_reason": "stop",
                                              "message": {"role": "assistant", "content": text}}]})
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for word in text.split(" ") if text else []:
                chunk = {"id": "x", "object": "chat.completion.chunk", "created": 0,
                         "model": body.get("model"),
                         "choices": [{"index": 0, "delta": {"content": word + " "},
                                      "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

        def _send(self, code: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


@contextmanager
def running_stub() -> Iterator[tuple[str, StubState]]:
    """Start the stub on a free loopback port; yield its base URL and its state."""
    state = StubState()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", state
    finally:
        server.shutdown()
        server.server_close()
