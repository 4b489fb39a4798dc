"""Opening the files the loaders read: regular files inside their folder only, never blocking,
and noticing a file that changes while it loads.

The inbox is written by other people and programs, so a name in it is not trusted to be a
file. What is read:

- a regular file;
- a symbolic link whose target, with every link on the way resolved, is a regular file inside
  the folder that holds the link (a sub-folder of it included). Links let an operator keep
  one copy of a file under two names; a link leading anywhere else (a secret, a device, the
  whole machine) is refused.

Everything else is refused with a reason: a link leading out of its folder or to nothing, a
directory, a FIFO, a device or a socket. Nothing is opened before it is known to be a regular
file, and the file is then opened with ``O_NONBLOCK`` and ``O_NOFOLLOW`` and checked again
through its open descriptor, so a name swapped for a FIFO or a link in between is refused
rather than read, and nothing can make a load wait forever. A reason never names a link's
target nor shows anything of its content: it ends up in the audit tables, the CLI's output
and the run log, which people other than the file's owner read.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHANGED_WHILE_LOADING = "changed while loading; loaded next run"

_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


class RefusedFile(Exception):
    """The path is not a file the loaders read; ``reason`` says why, naming nothing else."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class FileChanged(Exception):
    """The file's size, modification time, identity or bytes changed while it was loading."""

    def __init__(self) -> None:
        super().__init__(CHANGED_WHILE_LOADING)


def kind_of(mode: int) -> str:
    """What a file mode is, in words, for a refusal."""
    for test, words in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISLNK, "a symbolic link"),
    ):
        if test(mode):
            return words
    return "not a regular file"


@dataclass
class _Identity:
    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, status: os.stat_result) -> _Identity:
        return cls(status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


class InputFile:
    """A regular file opened for reading, remembering what it was when it was opened.

    ``handle`` reads the file itself (not whatever its name points at later); ``size`` is its
    size when opened. :meth:`check_unchanged` raises :class:`FileChanged` when the file grew,
    shrank, was written to, or its name now leads to another file.
    """

    def __init__(self, path: Path, opened_path: Path, handle: BinaryIO, status: os.stat_result):
        self.path = path
        self._opened_path = opened_path
        self.handle = handle
        self.size = status.st_size
        self._identity = _Identity.of(status)

    def unchanged(self) -> bool:
        try:
            now = _Identity.of(os.fstat(self.handle.fileno()))
            by_name = os.stat(self._opened_path, follow_symlinks=False)
            via_link = os.stat(self.path) if self._opened_path != self.path else by_name
        except OSError:
            return False  # the name is gone: it is not the file that was read
        return (
            now == self._identity
            and (by_name.st_dev, by_name.st_ino) == (now.device, now.inode)
            and (via_link.st_dev, via_link.st_ino) == (now.device, now.inode)
        )

    def check_unchanged(self) -> None:
        if not self.unchanged():
            raise FileChanged

    def close(self) -> None:
        self.handle.close()

    def __enter__(self) -> InputFile:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def open_input_file(path: Path) -> InputFile:
    """Open ``path`` if it is a file the loaders read (see the module's doc); else raise
    :class:`RefusedFile` saying why."""
    path = Path(path)
    try:
        status = os.lstat(path)
    except OSError as exc:
        raise RefusedFile(f"cannot read the file: {exc.strerror or 'not found'}") from None
    opened_path = path
    if stat.S_ISLNK(status.st_mode):
        opened_path = _link_target_inside(path)
        try:
            status = os.lstat(opened_path)
        except OSError:
            raise RefusedFile("a symbolic link to nothing (its target does not exist)") from None
        if not stat.S_ISREG(status.st_mode):
            raise RefusedFile(f"a symbolic link to {kind_of(status.st_mode)}, not to a file")
    elif not stat.S_ISREG(status.st_mode):
        raise RefusedFile(f"{kind_of(status.st_mode)}, not a regular file")
    try:
        descriptor = os.open(opened_path, _OPEN_FLAGS)
    except OSError as exc:
        # ELOOP: the name became a link after it was looked at; the next run looks again.
        raise RefusedFile(f"cannot read the file: {exc.strerror}") from None
    try:
        opened = os.fstat(descriptor)
        if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (
            status.st_dev,
            status.st_ino,
        ):
            raise RefusedFile(f"replaced while it was being opened; {CHANGED_WHILE_LOADING}")
        # O_NONBLOCK means nothing for a regular file's reads; cleared all the same.
        os.set_blocking(descriptor, True)
        handle = os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
    return InputFile(path, opened_path, handle, opened)


def _link_target_inside(link: Path) -> Path:
    """The link's final target when it lies inside the link's own folder, else refused."""
    folder = Path(os.path.realpath(link.parent))
    try:
        target = Path(os.path.realpath(link, strict=True))
    except OSError:
        target = Path(os.path.realpath(link))
        if target.is_relative_to(folder):
            raise RefusedFile("a symbolic link to nothing (its target does not exist)") from None
    if not target.is_relative_to(folder):
        raise RefusedFile(
            "a symbolic link to something outside its folder: only files inside the inbox are read"
        )
    return target


def is_candidate(path: Path, suffixes: tuple[str, ...]) -> bool:
    """Whether a name in an inbox folder is meant to be loaded: not hidden, a known suffix.

    Whatever the name turns out to be (a directory, a FIFO, a link) it is then offered to the
    loader, which refuses what it does not read and records why: nothing is skipped silently.
    """
    return not path.name.startswith(".") and path.suffix.lower() in suffixes
