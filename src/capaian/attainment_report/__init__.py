"""The attainment report: one static HTML page for the people who read the figures.

Built by the nightly run after the marts are published (and by ``capaian report build``):
an overview by region, each office's attainment by segment and metric and over the years,
the discrepancies, and every news figure with its evidence sentence and source link. Charts
are inline SVG drawn by matplotlib; the page needs no server, no network and no script to be
read. (Not to be confused with the *branch reports* that arrive in the inbox.)
"""

from capaian.attainment_report.build import (
    build_attainment_report,
    default_output_dir,
    report_path,
)

__all__ = ["build_attainment_report", "default_output_dir", "report_path"]
