"""The processes a test started, found by a marker variable they all inherit: what is left of
a process family after it was told to stop."""

import psutil


def processes_marked(variable: str, value: str) -> list[psutil.Process]:
    """Every live (not zombie) process whose environment has ``variable`` set to ``value``."""
    found = []
    for process in psutil.process_iter():
        try:
            marked = process.environ().get(variable) == value
            if marked and process.status() != psutil.STATUS_ZOMBIE:
                found.append(process)
        except psutil.Error:
            continue
    return found
