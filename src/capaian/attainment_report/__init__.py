"""The attainment report: one static HTML page for the people who read the figures.

Built by the nightly run after the marts are published (and by ``capaian report build``):
an overview by region, each office's attainment by segment and metric and over the years,
the discrepancies, and every news figure with its evidence sentence and source link. Charts
are inline SVG drawn by matplotlib; the page needs no server, no network and no script to be
read. (Not to be confused with the *branch reports* that arrive in the inbox.) ``table``
prints the same latest figures as text, for the CLI.
"""

__all__ = ["build_attainment_report", "default_output_dir", "report_path"]


def __getattr__(name: str):
    # Building the page needs matplotlib; printing the attainment table (``table``) does not,
    # so the package loads ``build`` only when one of its names is asked for.
    if name in __all__:
        from capaian.attainment_report import build

        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
