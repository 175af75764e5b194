"""The event loop's read of a SPARQL worker's reply (api/plumbing/query_pool.py `_ReplyReader`):
the messages multiprocessing's `Connection.send` writes, whole or in pieces, come back as
`Connection.recv` would read them; and the worker's own write of a reply (`_send_reply`, one
write) is read back by both."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import socket
import threading

import pytest

from actieplan.api.plumbing.query_pool import QueryReply, _ReplyReader, _send_reply

REPLIES = [
    ("ok", QueryReply(b"", "application/sparql-results+json", "solutions")),
    ("ok", QueryReply(b'{"boolean":true}', "application/sparql-results+json", "boolean")),
    # larger than the first read (64 KiB): the rest is received into a buffer of its size
    ("ok", QueryReply(bytes(range(256)) * 1024, "text/turtle", "graph")),
    ("syntax", "line 1:1: expected SELECT"),
]


async def read_reply(pipe: socket.socket) -> object:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[bytes | bytearray] = loop.create_future()

    def done(outcome: bytes | bytearray | BaseException) -> None:
        assert not future.done(), "called once"
        if isinstance(outcome, BaseException):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)

    reader = _ReplyReader(pipe, done)
    loop.add_reader(pipe, reader.read)
    try:
        message = await asyncio.wait_for(future, 10)
    finally:
        loop.remove_reader(pipe)
    return multiprocessing.reduction.ForkingPickler.loads(message)


def pipe_pair() -> tuple[multiprocessing.connection.Connection, socket.socket]:
    """A worker's end (a Connection) and the pool's end as `Worker` reads it."""
    pool_end, worker_end = multiprocessing.Pipe()
    pipe = socket.socket(fileno=os.dup(pool_end.fileno()))
    pool_end.close()
    return worker_end, pipe


@pytest.mark.parametrize("reply", REPLIES, ids=lambda r: f"{r[0]}-{len(str(r[1]))}")
def test_a_whole_reply(reply):
    """Sent from a thread, as a worker writes: a reply larger than the pipe's buffer is read
    while it is being written."""
    worker_end, pipe = pipe_pair()
    with worker_end, pipe:
        sender = threading.Thread(target=worker_end.send, args=(reply,))
        sender.start()
        assert asyncio.run(read_reply(pipe)) == reply
        sender.join()


@pytest.mark.parametrize("reply", REPLIES, ids=lambda r: f"{r[0]}-{len(str(r[1]))}")
def test_a_reply_written_by_the_worker(reply):
    """`_send_reply` frames a reply as `Connection.send` does: the event loop's reader and
    multiprocessing's `Connection.recv` both read it back; a reply larger than the pipe's buffer
    is written while it is being read."""
    worker_end, pipe = pipe_pair()
    with worker_end, pipe:
        sender = threading.Thread(target=_send_reply, args=(worker_end.fileno(), reply))
        sender.start()
        assert asyncio.run(read_reply(pipe)) == reply
        sender.join()
    pool_end, worker_end = multiprocessing.Pipe()
    with pool_end, worker_end:
        sender = threading.Thread(target=_send_reply, args=(worker_end.fileno(), reply))
        sender.start()
        assert pool_end.recv() == reply
        sender.join()


def test_a_reply_in_pieces():
    """The length and the message arrive a few bytes at a time (a slow writer)."""
    reply = REPLIES[2]
    framed_end, writer = socket.socketpair()
    pickled = bytes(multiprocessing.reduction.ForkingPickler.dumps(reply))
    data = len(pickled).to_bytes(4, "big", signed=True) + pickled  # as Connection.send frames it

    async def main() -> object:
        async def trickle() -> None:
            # the length in three pieces (1, 2 and 1 bytes), then the message in two
            for start, end in ((0, 1), (1, 3), (3, 5), (5, 70_000), (70_000, len(data))):
                writer.sendall(data[start:end])
                await asyncio.sleep(0.01)

        sending = asyncio.ensure_future(trickle())
        answer = await read_reply(framed_end)
        await sending
        return answer

    with framed_end, writer:
        assert asyncio.run(main()) == reply


def test_a_closed_pipe_is_eof():
    """A worker that dies before replying: EOFError, which the pool turns into the crash
    report (QueryPool.run)."""
    worker_end, pipe = pipe_pair()
    with pipe:
        worker_end.close()
        with pytest.raises(EOFError):
            asyncio.run(read_reply(pipe))
