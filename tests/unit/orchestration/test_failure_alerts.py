"""The shared on_failure_callback: a summary naming DAG, task, run and error, posted to the
webhook set by CAPAIAN_ALERT_WEBHOOK_URL (a real HTTP server on loopback receives it)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import SimpleNamespace

from capaian.orchestration.defaults import on_failure


def failed_context():
    ti = SimpleNamespace(
        dag_id="capaian_nightly",
        task_id="check_built_marts_with_gx",
        run_id="manual__1",
        try_number=1,
        log_url="http://airflow/log",
    )
    return {"ti": ti, "exception": RuntimeError("blocking expectations failed")}


def test_the_summary_is_posted_to_the_webhook(monkeypatch):
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.handle_request)
    thread.start()
    monkeypatch.setenv("CAPAIAN_ALERT_WEBHOOK_URL", f"http://127.0.0.1:{server.server_port}/hook")
    on_failure(failed_context())
    thread.join(timeout=10)
    server.server_close()
    (alert,) = received
    assert alert["dag_id"] == "capaian_nightly"
    assert alert["task_id"] == "check_built_marts_with_gx"
    assert alert["run_id"] == "manual__1"
    assert "blocking expectations failed" in alert["error"]


def test_an_unreachable_webhook_does_not_raise(monkeypatch, caplog):
    monkeypatch.setenv("CAPAIAN_ALERT_WEBHOOK_URL", "http://127.0.0.1:1/hook")
    on_failure(failed_context())
    assert "could not post the failure alert" in caplog.text
    assert "task=check_built_marts_with_gx" in caplog.text
