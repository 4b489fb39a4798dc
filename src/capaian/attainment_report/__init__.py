"""The attainment report: a small static site for the people who read the figures.

Built by the nightly run after the marts are published (and by ``capaian report build``):
a first screen with the national and regional totals, the offices behind target and behind
pro rata, the ten furthest behind and what waits; a page per region and per office (latest
figures, monthly progress against the pro-rata target, the years); the discrepancies, and
every news figure with its evidence sentence and source link. Every table is exported as CSV
and XLSX beside the pages. Charts are inline SVG; the pages need no server, no network and no
script to be read. (Not to be confused with the *branch reports* that arrive in the inbox.)
``table`` prints the same latest figures as text, for the CLI.
"""

__all__ = ["build_attainment_report", "default_output_dir", "report_path"]


def __getattr__(name: str):
    # Building the site needs Babel, Jinja and openpyxl; printing the attainment table
    # (``table``) does not, so the package loads ``build`` only when one of its names is asked.
    if name in __all__:
        from capaian.attainment_report import build

        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
