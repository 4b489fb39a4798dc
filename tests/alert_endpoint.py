"""An HTTP server on loopback that receives alerts, for the tests of Capaian's alerts."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer


class Endpoint:
    """An HTTP server on loopback that keeps every JSON body POSTed to it."""

    def __init__(self):
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, scheme: str = "json") -> str:
        return f"{scheme}://127.0.0.1:{self.server.server_port}/alerts"

    def close(self):
        self.server.shutdown()
        self.server.server_close()
