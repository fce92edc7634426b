"""A database server that accepts connections and never answers: a real socket, for fault tests."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def hung_postgres() -> Iterator[str]:
    """Yield a PostgreSQL URL whose server accepts every connection and then says nothing."""
    hole = socket.socket()
    hole.bind(("127.0.0.1", 0))
    hole.listen(64)
    hole.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def swallow() -> None:
        while not stop.is_set():
            try:
                connection, _ = hole.accept()
            except OSError:
                continue
            held.append(connection)  # never answered

    thread = threading.Thread(target=swallow, daemon=True)
    thread.start()
    try:
        yield f"postgresql+psycopg://probe@127.0.0.1:{hole.getsockname()[1]}/test"
    finally:
        stop.set()
        thread.join(2)
        for connection in held:
            connection.close()
        hole.close()
