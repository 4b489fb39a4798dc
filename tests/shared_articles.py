"""Where the real articles, their gold facts and the scorer are: outside the repository.

``../shared`` beside the checkout, or wherever ``CAPAIAN_SHARED_DIR`` says (a clone made
elsewhere; .ci/run sets it). Tests that need them skip, naming this path, when it is absent.
"""

from capaian.news.extract.evaluation import shared_dir

SHARED = shared_dir()
