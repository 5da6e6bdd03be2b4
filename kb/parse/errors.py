"""The one error a parser raises: a file it cannot read, with a message a user can act on."""


class ParseError(Exception):
    """A file that cannot be turned into sections.

    `reason` is a short machine-readable code (empty, encrypted, damaged, no_text,
    unsupported, encoding, binary); the message is the Dutch sentence shown to users.
    """

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message
