"""Data quality: Great Expectations suites (files in ``expectations/``) run on the warehouse."""
