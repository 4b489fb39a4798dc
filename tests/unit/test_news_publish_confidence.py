"""dbt words the review reason with the publish confidence the extractor applies: both read
CAPAIAN_NEWS_PUBLISH_CONFIDENCE, and both must fall back to the same default."""

import re
from pathlib import Path

from capaian.extract.confidence import DEFAULT_PUBLISH_CONFIDENCE

MACRO = (
    Path(__file__).resolve().parents[2] / "dbt_project" / "macros" / "news_publish_confidence.sql"
)


def test_dbt_and_the_extractor_share_the_default_publish_confidence():
    match = re.search(r"set default = ([0-9.]+)", MACRO.read_text(encoding="utf-8"))
    assert match, f"{MACRO} no longer sets its default as expected"
    assert float(match.group(1)) == DEFAULT_PUBLISH_CONFIDENCE
