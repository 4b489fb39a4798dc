"""News articles: reading them, extracting their facts, loading both."""
