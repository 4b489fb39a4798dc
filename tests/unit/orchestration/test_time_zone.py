"""Times are Jakarta's: the nightly's schedule, and Airflow's default for dates given without a
zone. The UI starts in Jakarta time through a middleware of the API server (test_ui_time_zone.py;
see docs/operations.md#the-time-zone)."""

import pendulum

from capaian.orchestration.airflow_env import airflow_environment
from capaian.orchestration.defaults import NIGHTLY_CRON, TIMEZONE


def test_airflow_reads_dates_without_a_zone_as_jakarta_time(tmp_path, monkeypatch):
    monkeypatch.setenv("CAPAIAN_HOME", str(tmp_path))
    env = airflow_environment("postgresql://capaian@127.0.0.1:5432/capaian")
    assert env["AIRFLOW__CORE__DEFAULT_TIMEZONE"] == "Asia/Jakarta" == TIMEZONE


def test_the_nightly_runs_at_two_in_the_morning_in_jakarta():
    from airflow.timetables.trigger import CronTriggerTimetable

    timetable = CronTriggerTimetable(NIGHTLY_CRON, timezone=TIMEZONE)
    after = pendulum.datetime(2026, 12, 6, 12, 0, tz="UTC")
    run = timetable.next_dagrun_info(last_automated_data_interval=None, restriction=_from(after))
    assert run.run_after.in_tz("Asia/Jakarta").to_datetime_string() == "2026-12-07 02:00:00"
    # What a browser set to UTC shows for it.
    assert run.run_after.in_tz("UTC").to_datetime_string() == "2026-12-06 19:00:00"


def test_airflow_offers_no_server_setting_for_the_ui_s_time_zone():
    # Airflow 3 removed [webserver] default_ui_timezone (apache/airflow#49176), which is why
    # capaian.orchestration.ui_time_zone exists. Should a release bring such a setting back,
    # this fails: set it in airflow_environment() instead and drop the middleware.
    from airflow.configuration import retrieve_configuration_description

    zone_options = [
        (section, option)
        for section, described in retrieve_configuration_description().items()
        for option in described["options"]
        if "timezone" in option or "time_zone" in option
    ]
    assert zone_options == [("core", "default_timezone")]


def _from(after):
    from airflow.timetables.base import TimeRestriction

    # catchup: the next run after `after` itself, not after now (the test must not depend
    # on when it runs).
    return TimeRestriction(earliest=after, latest=None, catchup=True)
