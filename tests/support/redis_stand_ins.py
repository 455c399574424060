"""Stand-ins for a Redis in trouble, on 127.0.0.1: a port nothing listens on (connections are
refused), a server that accepts connections and never answers (a hung Redis), and a proxy to
the real Redis that can be cut and restored (an outage that ends)."""

import socket
import threading

REAL_REDIS = ("127.0.0.1", 6379)


def closed_port():
    """A port of 127.0.0.1 that was free a moment ago and that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TcpStandIn:
    """Listens on a free port of 127.0.0.1 and hands each accepted connection to `accepted`,
    from a daemon thread, until `stop()`."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = []
        self.lock = threading.Lock()

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self):
        threading.Thread(target=self.serve, daemon=True).start()
        return self

    def serve(self):
        while True:
            try:
                connection, _address = self.listener.accept()
            except OSError:  # closed by stop()
                return
            with self.lock:
                self.connections.append(connection)
            self.accepted(connection)

    def accepted(self, connection):
        """Keeps the connection open and never answers."""

    def drop_connections(self):
        with self.lock:
            connections, self.connections = self.connections, []
        for connection in connections:
            connection.close()

    def stop(self):
        self.listener.close()
        self.drop_connections()


class SilentServer(TcpStandIn):
    """Accepts connections and never answers: a Redis that hangs."""


class RedisProxy(TcpStandIn):
    """Forwards connections to the real Redis while `up`; `cut()` closes every connection and
    refuses (closes at once) new ones until `restore()`."""

    up = True

    def accepted(self, client):
        if not self.up:
            client.close()
            return
        upstream = socket.create_connection(REAL_REDIS)
        with self.lock:
            self.connections.append(upstream)
        for source, target in ((client, upstream), (upstream, client)):
            threading.Thread(target=pump, args=(source, target), daemon=True).start()

    def cut(self):
        self.up = False
        self.drop_connections()

    def restore(self):
        self.up = True


def pump(source, target):
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        for end in (source, target):
            end.close()
