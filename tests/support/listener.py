"""A TCP listener on a loopback port that records every connection made to it: the hostile
and SSRF tests name it in queries and files, and assert that nothing connected to it. The
`listener` fixture (tests/conftest.py) gives a test one, closed after the test."""

from __future__ import annotations

import socket
import threading
import time


class Listener:
    """A TCP listener on a free loopback port that records every connection made to it (and
    answers an empty HTTP 200, so a client that did connect would not hang)."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.1)
        self.port = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.connections: list[bytes] = []  # what each connection sent first
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(1.0)
                try:
                    self.connections.append(connection.recv(4096))
                    connection.sendall(
                        b"HTTP/1.0 200 OK\r\nContent-Type: text/turtle\r\nContent-Length: 0\r\n\r\n"
                    )
                except OSError:
                    self.connections.append(b"")

    def assert_untouched(self) -> None:
        time.sleep(0.3)  # a connection made just before the answer would be accepted by now
        assert self.connections == [], f"the server connected to {self.url}"

    def close(self) -> None:
        self._stopping.set()
        self._thread.join(2)
        self._socket.close()
