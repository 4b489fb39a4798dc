"""Alerts go through Apprise to every URL in CAPAIAN_ALERT_URL, and to the older
CAPAIAN_ALERT_WEBHOOK_URL; a real HTTP server on loopback receives them."""

import pytest

from capaian.orchestration import alerts
from capaian.orchestration.defaults import on_failure

from alert_endpoint import Endpoint


@pytest.fixture
def endpoint():
    server = Endpoint()
    yield server
    server.close()


def use_alert_urls(monkeypatch, **variables):
    for name in (alerts.ALERT_URL_VAR, alerts.LEGACY_WEBHOOK_VAR, alerts.CONN_ENV):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    # What Capaian puts into the environment of the Airflow processes it starts.
    for name, value in alerts.connection_environment().items():
        monkeypatch.setenv(name, value)


def test_an_alert_reaches_every_apprise_url(monkeypatch, endpoint):
    second = Endpoint()
    try:
        use_alert_urls(monkeypatch, CAPAIAN_ALERT_URL=f"{endpoint.url()} , {second.url()}")
        assert alerts.send("capaian_nightly: 1 file could not be read", "bad.csv: not a report")
        (first_alert,) = endpoint.received
        assert second.received == [first_alert]
    finally:
        second.close()
    assert first_alert["title"] == "capaian_nightly: 1 file could not be read"
    assert "bad.csv: not a report" in first_alert["message"]
    assert first_alert["type"] == "warning"


def test_the_older_webhook_setting_still_receives_alerts(monkeypatch, endpoint):
    use_alert_urls(monkeypatch, CAPAIAN_ALERT_WEBHOOK_URL=endpoint.url("http"))
    assert alerts.alert_urls() == [endpoint.url("json")]
    assert alerts.send("capaian task failed", "check_built_marts_with_gx", failure=True)
    (alert,) = endpoint.received
    assert alert["type"] == "failure" and "check_built_marts_with_gx" in alert["message"]


def test_without_an_alert_url_nothing_is_sent_and_nothing_breaks(monkeypatch):
    use_alert_urls(monkeypatch)
    assert alerts.connection_environment() == {}
    assert alerts.failure_notifiers() == []
    assert alerts.send("title", "body") is False


def test_an_unreachable_endpoint_is_logged_not_raised(monkeypatch, caplog):
    use_alert_urls(monkeypatch, CAPAIAN_ALERT_URL="json://127.0.0.1:1/alerts")
    alerts.send("capaian: something to review", "body")  # does not raise
    assert "error occurred sending JSON notification" in caplog.text


def test_the_failure_log_line_names_dag_task_run_and_error(caplog):
    from types import SimpleNamespace

    ti = SimpleNamespace(
        dag_id="capaian_nightly", task_id="check_built_marts_with_gx", run_id="manual__1",
        try_number=1, log_url="http://airflow/log",
    )  # fmt: skip
    on_failure({"ti": ti, "exception": RuntimeError("blocking expectations failed")})
    assert "task=check_built_marts_with_gx" in caplog.text
    assert "error=blocking expectations failed" in caplog.text
