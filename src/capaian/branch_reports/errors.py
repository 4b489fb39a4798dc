"""The one exception this package raises: a branch report file that cannot be read at all."""

from __future__ import annotations

from pathlib import Path

from capaian.printable import printable


class BranchReportError(Exception):
    """The whole file cannot be read (as opposed to a single bad row, which is rejected).

    The message always names the file, says what is wrong and what to do about it, because it
    ends up in front of whoever has to go back to the branch office.
    """

    def __init__(self, path: Path | str, problem: str, remedy: str = "") -> None:
        self.path = Path(path)
        self.problem = problem
        self.remedy = remedy
        # The name on one line whatever it holds: the message is printed and logged.
        message = f"{printable(self.path.name)}: {problem}"
        if remedy:
            message += f" What to do: {remedy}"
        super().__init__(message)
