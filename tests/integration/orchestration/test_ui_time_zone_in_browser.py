"""In a real browser, the line the API server puts in the Airflow UI's pages starts the UI in
Jakarta time, and never undoes a zone the user picked (capaian.orchestration.ui_time_zone).

The pages here are served by uvicorn through the same middleware; each page's own script,
after the line, writes what the UI would read (local storage ``timezone``, a JSON string) on
``<html data-zone>``. tests/integration/orchestration/test_airflow_ui.py checks that Airflow's
own API server serves its pages with the line.
"""

import re
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from capaian.orchestration.ui_time_zone import DefaultUiTimeZone

from browser import chromium_binary, run_chromium

pytestmark = pytest.mark.integration

READ_ZONE = (
    "<script>document.documentElement.dataset.zone="
    "JSON.parse(localStorage.getItem('timezone'))</script>"
)
PICK_UTC = "<script>localStorage.setItem('timezone', JSON.stringify('UTC'))</script>"


def _page(body: str):
    async def page(request):
        return HTMLResponse(f"<!doctype html><html><head>{body}</head><body></body></html>")

    return page


@pytest.fixture(scope="module")
def site():
    app = Starlette(routes=[Route("/", _page(READ_ZONE)), Route("/pick-utc", _page(PICK_UTC))])
    app.add_middleware(DefaultUiTimeZone)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _zone(dom: str) -> str | None:
    found = re.search(r'<html[^>]*\bdata-zone="([^"]*)"', dom)
    return found.group(1) if found else None


def test_a_new_browser_starts_in_jakarta_time(site, tmp_path: Path) -> None:
    dom = run_chromium(chromium_binary(), tmp_path, site + "/", "--dump-dom").stdout
    assert _zone(dom) == "Asia/Jakarta"


def test_a_zone_the_user_picked_stays(site, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    run_chromium(chromium_binary(), tmp_path, site + "/pick-utc", "--dump-dom", profile=profile)
    dom = run_chromium(
        chromium_binary(), tmp_path, site + "/", "--dump-dom", profile=profile
    ).stdout
    assert _zone(dom) == "UTC"
