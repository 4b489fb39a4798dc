"""The Airflow UI starts in Jakarta time.

Airflow 3's UI shows times in the zone a browser keeps under the local-storage key
``timezone`` (a JSON string), and where the browser keeps none, in the browser's own zone;
the server-side default (``[webserver] default_ui_timezone``) is gone (apache/airflow#49176).
So a browser on a machine set to UTC shows the 02:00 nightly at 19:00. This middleware puts
one line of script in front of the UI's own in every HTML page the API server sends: where the
browser has no choice stored yet, it stores Asia/Jakarta. A user who picks another zone in
the UI keeps it: the line never overwrites a stored choice.

It is a pure ASGI middleware, registered by the plugin in ``airflow_plugins`` as a root
middleware of the API server; JSON, assets and compressed responses pass untouched.
"""

from __future__ import annotations

import json

from capaian.orchestration.defaults import TIMEZONE

# The UI reads the key with JSON.parse: the value is stored as a JSON string.
_KEY = "timezone"


def default_zone_script(zone: str = TIMEZONE) -> bytes:
    key = json.dumps(_KEY)
    value = json.dumps(json.dumps(zone))  # a JS string literal holding the JSON string
    storage = "window.localStorage"
    return (
        f"<script>try{{if(!{storage}.getItem({key})){{{storage}.setItem({key},{value})}}}}"
        "catch(e){}</script>"
    ).encode()


class DefaultUiTimeZone:
    """Adds :func:`default_zone_script` right after ``<head>`` of every uncompressed HTML
    response, and corrects its ``content-length``."""

    def __init__(self, app, zone: str = TIMEZONE) -> None:
        self.app = app
        self.script = default_zone_script(zone)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: dict | None = None
        body: list[bytes] = []

        async def send_with_script(message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if _is_plain_html(message.get("headers", [])):
                    start = message  # held until the whole body is here
                    return
                await send(message)
            elif message["type"] == "http.response.body" and start is not None:
                body.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                page = _with_script(b"".join(body), self.script)
                headers = [
                    (k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"
                ]
                headers.append((b"content-length", str(len(page)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": page})
            else:
                await send(message)

        await self.app(scope, receive, send_with_script)


def _is_plain_html(headers) -> bool:
    found = {key.lower(): value.lower() for key, value in headers}
    return found.get(b"content-type", b"").startswith(b"text/html") and (
        found.get(b"content-encoding", b"identity") == b"identity"
    )


def _with_script(page: bytes, script: bytes) -> bytes:
    at = page.lower().find(b"<head>")
    if at < 0:
        return page  # not a page the UI's script runs in
    at += len(b"<head>")
    return page[:at] + script + page[at:]
