"""Where the real articles, their gold facts and the scorer are: outside the repository.

``../shared`` beside the checkout, or wherever ``CAPAIAN_SHARED_DIR`` says (a clone made
elsewhere; .ci/run sets it). Tests that need them skip, naming this path, when it is absent.
"""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CAPAIAN_SHARED_DIR") or REPO_ROOT.parent / "shared")
