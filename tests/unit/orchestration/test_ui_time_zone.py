"""The Airflow UI's pages carry the line that starts the UI in Jakarta time; nothing else the
API server sends is touched (capaian.orchestration.ui_time_zone)."""

import gzip

from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from capaian.orchestration.ui_time_zone import DefaultUiTimeZone, default_zone_script

PAGE = '<!doctype html><html><head><script src="./app.js"></script></head><body></body></html>'


def _app() -> TestClient:
    async def page(request):
        return HTMLResponse(PAGE)

    async def streamed(request):
        async def parts():
            for part in ("<html><he", "ad><title>x</title></head>", "<body></body></html>"):
                yield part.encode()

        return StreamingResponse(parts(), media_type="text/html; charset=utf-8")

    async def api(request):
        return JSONResponse({"html": "<head>"})

    async def compressed(request):
        return Response(
            gzip.compress(PAGE.encode()),
            media_type="text/html",
            headers={"content-encoding": "gzip"},
        )

    app = Starlette(
        routes=[
            Route("/", page),
            Route("/streamed", streamed),
            Route("/api", api),
            Route("/compressed", compressed),
        ]
    )
    app.add_middleware(DefaultUiTimeZone)
    return TestClient(app)


def test_a_page_gets_the_line_before_its_own_scripts() -> None:
    response = _app().get("/")
    script = default_zone_script().decode()
    assert response.text == PAGE.replace("<head>", "<head>" + script)
    assert int(response.headers["content-length"]) == len(response.content)
    assert '"timezone"' in script and '\\"Asia/Jakarta\\"' in script


def test_a_page_sent_in_parts_gets_it_once() -> None:
    response = _app().get("/streamed")
    assert response.text.count("localStorage.setItem") == 1
    assert response.text.startswith("<html><head><script>")


def test_everything_else_passes_untouched() -> None:
    client = _app()
    assert client.get("/api").json() == {"html": "<head>"}
    compressed = client.get("/compressed")
    assert "localStorage" not in compressed.text
    assert compressed.text == PAGE  # decompressed by the client, as sent
