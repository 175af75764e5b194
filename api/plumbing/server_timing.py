"""`Server-Timing: app;dur=MS` on every answer: the time the application took until it started
the answer (for the pages: the whole render). bench/bench_pages.py reads it; browsers show it in
their developer tools. Plain ASGI (no BaseHTTPMiddleware): it adds one header, nothing else."""

from __future__ import annotations

import time

from actieplan.api.plumbing.asgi import HttpMiddleware, Message, Receive, Scope, Send


class ServerTiming(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()

        async def send_with_timing(message: Message) -> None:
            if message["type"] == "http.response.start":
                milliseconds = (time.perf_counter() - started) * 1000
                headers = list(message.get("headers", []))
                headers.append((b"server-timing", f"app;dur={milliseconds:.1f}".encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_timing)
