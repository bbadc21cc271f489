"""A database outage on demand: a TCP relay on 127.0.0.1 in front of the real PostgreSQL that a test can cut.

`down()` closes every relayed connection and refuses new ones, as a server
that went away does; `up()` relays again. Threads, not the test's event
loop, so a blocking driver call can never wait on the loop it blocks.
"""

from __future__ import annotations

import contextlib
import socket
import threading


class Outage:
    def __init__(self, target: tuple[str, int] = ("127.0.0.1", 5432)) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepting = True
        self.open: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, database_url: str) -> str:
        """`database_url` (a postgresql URL on 127.0.0.1:5432) through the relay."""
        return database_url.replace("127.0.0.1:5432", f"127.0.0.1:{self.port}")

    def down(self) -> None:
        with self.lock:
            self.accepting = False
            for sock in self.open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.open.clear()

    def up(self) -> None:
        with self.lock:
            self.accepting = True

    def close(self) -> None:
        self.down()
        self.listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                if not self.accepting:
                    client.close()
                    continue
                server = socket.create_connection(self.target)
                self.open += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)
