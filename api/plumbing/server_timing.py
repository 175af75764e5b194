"""`Server-Timing: app;dur=MS` on every answer: the time the application took until it started
the answer (for the pages: the whole render). bench/bench_pages.py reads it; browsers show it in
their developer tools. Plain ASGI (no BaseHTTPMiddleware): it adds one header, nothing else."""

from __future__ import annotations

import time

from actieplan.api.plumbing.asgi import ASGIApp, Message, Receive, Scope, Send


class ServerTiming:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def send_with_timing(message: Message) -> None:
            if message["type"] == "http.response.start":
                milliseconds = (time.perf_counter() - started) * 1000
                headers = list(message.get("headers", []))
                headers.append((b"server-timing", f"app;dur={milliseconds:.1f}".encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_timing)
