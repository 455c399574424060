"""The HTTP server behind the tests' stand-ins for services the CMS calls (LibreTranslate, the
webhook receivers, the HTTP cache): `LocalServer(Handler).start()` serves `Handler` on a free
port of 127.0.0.1 from a daemon thread until `stop()`; `url` is its address, without a slash."""

import threading
from http.server import ThreadingHTTPServer


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, handler_class):
        super().__init__(("127.0.0.1", 0), handler_class)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_port}"

    def start(self):
        # A short poll interval: `stop()` waits for the serving loop to notice it.
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self):
        """Shut down and close the port: requests now fail with a refused connection."""
        self.shutdown()
        self.server_close()
