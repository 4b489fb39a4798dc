"""The one warehouse setting: URL forms accepted, refused with a reason, and never leaked."""

import pytest

from capaian.settings import SettingError
from capaian.warehouse.connection import database_name, normalise_url, redact, with_database


def test_postgres_spellings_are_normalised():
    assert normalise_url("postgres://u@h:5432/db") == "postgresql://u@h:5432/db"
    assert normalise_url("postgresql+psycopg://u@h/db") == "postgresql://u@h/db"


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("mysql://u@h/db", "must be a postgresql:// URL"),
        ("postgresql:///db?host=/tmp", "must name a host"),
        ("postgresql://u@h:5432", "must name a database"),
    ],
)
def test_unusable_urls_are_refused_with_the_reason(url, complaint):
    with pytest.raises(SettingError, match=complaint):
        normalise_url(url)


def test_password_never_appears_in_messages():
    assert redact("postgresql://u:s3cret@h:1/db") == "postgresql://u:***@h:1/db"
    assert redact("postgresql://u@h:1/db") == "postgresql://u@h:1/db"


def test_database_swap_keeps_the_server():
    url = with_database("postgresql://u:p@h:1/capaian?sslmode=disable", "capaian_airflow")
    assert url == "postgresql://u:p@h:1/capaian_airflow?sslmode=disable"
    assert database_name(url) == "capaian_airflow"
