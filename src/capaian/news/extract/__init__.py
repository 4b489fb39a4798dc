"""Facts about BPJS Ketenagakerjaan offices' targets and realizations, read from news articles.

``extract_facts(text, doc_id, published_at)`` returns the facts of one article in the format of
``shared/news/CONTRACT.md``. Reading article files (and their sidecars) is
``capaian.news.articles``' job; this package only reads text.
"""

from capaian.news.extract.facts import EXTRACTOR_VERSION, extract_facts

__all__ = ["EXTRACTOR_VERSION", "extract_facts"]
