"""The one kind of error the module's commands report to a person: plain Dutch, no traceback."""
from __future__ import annotations


class KlnError(Exception):
    """Something a person must fix; ``messages`` says what, one line each, in Dutch."""

    def __init__(self, messages: list[str] | str):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("\n".join(self.messages))

    def __reduce__(self):   # from a worker process (the PDFs) back to the command, line by line
        return (type(self), (self.messages,))
