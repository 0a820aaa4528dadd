"""A small TCP proxy a test starts in front of Redis, and drops and restores at will.

``drop()`` closes every open connection and refuses new ones at once (accepted, then closed),
as a Redis that crashed or a network that broke would; ``restore()`` lets connections through
again. It runs in the test's own process, on a free local port, with one thread per direction.
"""

import contextlib
import socket
import threading


class DroppableProxy:
    def __init__(self, upstream_host, upstream_port):
        self.upstream = (upstream_host, upstream_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.dropped = False
        self.open = set()
        self.lock = threading.Lock()
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, db):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def drop(self):
        with self.lock:
            self.dropped = True
            for sock in list(self.open):
                _close(sock)
            self.open.clear()

    def restore(self):
        with self.lock:
            self.dropped = False

    def close(self):
        self.closed = True
        self.drop()
        _close(self.listener)

    def _accept(self):
        while not self.closed:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            with self.lock:
                if self.dropped:
                    _close(client)
                    continue
                try:
                    server = socket.create_connection(self.upstream, timeout=2)
                except OSError:
                    _close(client)
                    continue
                server.settimeout(None)
                self.open.update((client, server))
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client), daemon=True).start()

    def _pump(self, source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            _close(source)
            _close(target)


def _close(sock):
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
