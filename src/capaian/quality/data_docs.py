"""Great Expectations Data Docs that open offline.

GX's pages load Bootstrap, jQuery, bootstrap-table, Vega and Font Awesome from public CDNs,
and draw the index's tables in the browser with them: on a machine without the internet the
index is empty. These views (named in ``gx/great_expectations.yml``) render the same pages
from the templates beside this module first, which drop every remote asset and draw tables
as plain HTML; GX's own templates fill in the rest. GX's ``custom_views_directory`` cannot
do this: it is consulted after the package's templates, so it can add templates but not
replace them.
"""

from __future__ import annotations

from pathlib import Path

from great_expectations.render.view import DefaultJinjaIndexPageView, DefaultJinjaPageView
from jinja2 import ChoiceLoader, FileSystemLoader

TEMPLATES_DIR = Path(__file__).with_name("data_docs_templates")


class _OfflineTemplates:
    def __init__(self, custom_styles_directory=None, custom_views_directory=None) -> None:
        super().__init__(custom_styles_directory, custom_views_directory)
        self.env.loader = ChoiceLoader([FileSystemLoader(str(TEMPLATES_DIR)), self.env.loader])


class OfflinePageView(_OfflineTemplates, DefaultJinjaPageView):
    """Suite and validation result pages."""


class OfflineIndexPageView(_OfflineTemplates, DefaultJinjaIndexPageView):
    """The site's index: every validation of every run, newest first."""
