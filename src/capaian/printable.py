"""Text from outside (a file name, a value read from a file) made safe to print on one line.

A file name may hold any byte but ``/`` and NUL: a newline in one would split the line the CLI
or a log prints about it (and forge a line of its own), an escape sequence would recolour or
rewrite the terminal, and a bidirectional override would show the line's text in another
order than it has. Those characters are written as escapes, the way Python's ``repr`` writes
them (``\\n``, ``\\x1b``, ``\\u202e``); every other character, accents and scripts included,
is shown as it is.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL, the Unicode line and paragraph separators, the bidirectional
# marks, embeddings, overrides and isolates, and the lone surrogates Python decodes a name's
# non-UTF-8 bytes to (they cannot be printed at all).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with each control character escaped, so it prints as one unaltered line."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
