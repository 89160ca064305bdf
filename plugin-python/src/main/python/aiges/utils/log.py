"""Logging helpers of the original SDK (``aiges.utils.log``), standard library only.

``getFileLogger`` writes to ``/log/app/wrapper.log`` as the original does, but falls back to a
writable folder (``$AIGES_LOG_DIR``, then ``./log/app``, then the temp folder) instead of
failing where ``/log`` cannot be created.
"""

import logging
import os
import sys
import tempfile

_FORMAT = "%(asctime)s %(levelname)s %(name)s %(filename)s:%(lineno)d %(message)s"


def getLogger(fmt=_FORMAT, level=logging.INFO, name="root"):
    logger = logging.getLogger(None if name == "root" else name)
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(fmt))
        logger.addHandler(handler)
    logger.setLevel(level)
    return logger


def _writable_log_dir():
    candidates = [os.environ.get("AIGES_LOG_DIR"), "/log/app", os.path.join(os.getcwd(), "log", "app"),
                  os.path.join(tempfile.gettempdir(), "aiges-log", "app")]
    for folder in candidates:
        if not folder:
            continue
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            return folder
    return tempfile.gettempdir()


def getFileLogger(fmt=_FORMAT, level=logging.INFO, name="wrapper"):
    logger = logging.getLogger(name)
    if not any(isinstance(h, logging.FileHandler) for h in logger.handlers):
        handler = logging.FileHandler(os.path.join(_writable_log_dir(), name + ".log"))
        handler.setFormatter(logging.Formatter(fmt))
        logger.addHandler(handler)
    logger.setLevel(level)
    return logger


log = getLogger()
