"""The name a worker gives Airflow for the task instances it runs (the UI's "Hostname").

Airflow records the machine's name by default, so two Celery workers on one machine look
alike. ``CAPAIAN_WORKER_NAME`` gives each worker a name of its own; unset, the machine's fully
qualified name is used, as Airflow would.
"""

from __future__ import annotations

import os
import socket

WORKER_NAME_VAR = "CAPAIAN_WORKER_NAME"


def hostname() -> str:
    return os.environ.get(WORKER_NAME_VAR, "").strip() or socket.getfqdn()
