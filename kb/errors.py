"""The one error type for everything a user (or a file a user brought) can cause.

A `KbError` carries a message in Dutch that says what really happened and what to do, and
the HTTP status the web app answers with. The command line turns it into that message and
exit status 1 (kb.cli), the web app into a Dutch page or a JSON error (web.errors); both in
one place. Subclasses exist only where code must tell errors apart.
"""

from __future__ import annotations


class KbError(Exception):
    status = 400

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status

    def __str__(self) -> str:
        return self.message


class NotReady(KbError):
    """There is no catalog or search index yet: views show an empty state instead."""

    status = 503


class Busy(KbError):
    """Another ingest holds the data folder; whoever asked may wait and try again."""

    status = 409


class ParseError(KbError):
    """A document file that cannot be turned into sections; the ingest reports it and goes on
    with the other files. `reason` is a short code (empty, encrypted, damaged, no_text,
    unsupported, encoding, binary, metadata, duplicate, too_big, too_deep, internal)."""

    status = 422

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason

    def __reduce__(self):  # raised in a parse worker process, it arrives whole
        return type(self), (self.reason, self.message)
