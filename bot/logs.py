"""Log set-up for the server: one record, one line.

Text that comes from outside (an error message that holds a user's words, a header) must not be
able to start a new, genuine-looking log line, so line breaks in a message are written as ``\\n``.
Tracebacks keep their lines: they are ours.
"""

from __future__ import annotations

import logging

__all__ = ["OneLineFormatter", "configure_logging"]

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class OneLineFormatter(logging.Formatter):
    def formatMessage(self, record: logging.LogRecord) -> str:
        return super().formatMessage(record).replace("\r", "\\r").replace("\n", "\\n")


def configure_logging(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(OneLineFormatter(FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
