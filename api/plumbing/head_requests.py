"""HEAD wherever GET is (RFC 9110 §9.3.2: the same status and headers as GET, no body).

Plain ASGI in front of the application: a HEAD request goes in as a GET (in a copy of the
scope: the server still knows the request was a HEAD), and the body of the answer is dropped.
So every GET route answers HEAD with exactly the headers GET gives (Content-Length,
Content-Type, ETag, Vary, ...), and no route declares HEAD itself. A 405 names HEAD beside GET
in its `Allow`.
"""

from __future__ import annotations

from actieplan.api.plumbing.asgi import HttpMiddleware, Message, Receive, Scope, Send


def allow_with_head(value: bytes) -> bytes:
    """An `Allow` value with HEAD added when it lists GET without it."""
    methods = [m.strip() for m in value.decode("latin-1").split(",") if m.strip()]
    if "GET" in methods and "HEAD" not in methods:
        methods.insert(methods.index("GET") + 1, "HEAD")
    return ", ".join(methods).encode("latin-1")


class HeadAsGet(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] != "HEAD":
            await self.app(scope, receive, self._allow_head(send))
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, self._allow_head(send_without_body))

    @staticmethod
    def _allow_head(send: Send) -> Send:
        async def send_with_allow(message: Message) -> None:
            if message["type"] == "http.response.start" and message.get("status") == 405:
                message["headers"] = [
                    (name, allow_with_head(value) if name.lower() == b"allow" else value)
                    for name, value in message.get("headers", [])
                ]
            await send(message)

        return send_with_allow
