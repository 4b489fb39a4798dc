"""Facts about BPJS Ketenagakerjaan offices' targets and realizations, read from news articles.

``extract_facts(text, doc_id, published_at)`` returns the facts of one article in the format of
``shared/news/CONTRACT.md``. Reading article files (and their sidecars) is
``capaian.news_articles``' job; this package only reads text.
"""

from capaian.extract.facts import EXTRACTOR_VERSION, extract_facts

__all__ = ["EXTRACTOR_VERSION", "extract_facts"]
