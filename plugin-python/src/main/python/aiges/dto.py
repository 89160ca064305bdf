"""Request and response objects passed between the loader and a wrapper (``aiges.dto``).

Also the fallback of wrappers that try ``aiges_embed`` first: the names and attributes match
both the original ``aiges.dto`` and the C++ ``aiges_embed`` twin.
"""

import json
import queue

from aiges.core.types import DataText, Once


class DataListNode:
    """One request item: ``key``, ``data`` (bytes), ``len``, ``type``, ``status``, ``desc``."""

    def __init__(self, key="", data=b"", type=DataText, status=Once, desc=None):
        self.key = key
        self.data = data
        self.len = len(data)
        self.type = type
        self.status = status
        # Not in the original node: the item's descriptors (encoding, format, ...).
        self.desc = desc if desc is not None else {}

    def get_data(self):
        return self.data


class DataListCls:
    """The request items of one call; ``get(key)`` finds one by key."""

    def __init__(self, list=None):
        self.list = list if list is not None else []

    def get(self, key):
        for node in self.list:
            if node.key == key:
                return node
        return None


class ResponseData:
    """One response item.

    As the original, the constructor ignores ``data`` and ``length``; set the data with
    ``setData(bytes)``. Unlike the original, ``data`` and ``len`` are also writable attributes,
    because wrappers written against the C++ twin assign them directly.
    """

    def __init__(self, key="", data="", length=0, type=DataText, status=Once):
        self.key = key
        self._data = b""
        self._len = 0
        self.type = type
        self.status = status

    @property
    def data(self):
        return self._data

    @data.setter
    def data(self, value):
        self._data = value
        self._len = len(value) if value is not None else 0

    @property
    def len(self):
        return self._len

    @len.setter
    def len(self, value):
        self._len = value

    def setData(self, data):
        self.data = data

    def setDataType(self, t):
        if t not in (0, 1, 2, 3):
            raise Exception("data type must be one of DataText, DataAudio, DataImage, DataVideo: %r" % (t,))
        self.type = t

    def toJSON(self):
        data = self._data.decode("utf-8", "replace") if isinstance(self._data, (bytes, bytearray)) else self._data
        return json.dumps({"key": self.key, "data": data, "len": self._len, "type": self.type,
                           "status": self.status})


class Response:
    """A wrapper's answer: ``list`` of ResponseData and an ``error_code`` (0 = success)."""

    def __init__(self):
        self.list = [ResponseData()]
        self.error_code = 0

    def response_err(self, code):
        self.error_code = code
        return self

    def toJSON(self):
        return json.dumps({"list": [json.loads(item.toJSON()) for item in self.list],
                           "error_code": self.error_code})


class SessionCreateResponse:
    """The answer to ``wrapperCreate``: the session ``handle`` and an ``error_code``."""

    def __init__(self):
        self.handle = ""
        self.error_code = 0


_results = None
# Set by the loader's worker process: receives every callback(r, sid) of a served session.
_session_sink = None


def init_rq():
    """Creates the queue that ``callback`` fills when no loader is listening (stream self-tests)."""
    global _results
    _results = queue.Queue()
    return _results


def callback(r, sid):
    """Delivers a streaming result (a ``Response``) for session ``sid``."""
    if _session_sink is not None:
        _session_sink(r, sid)
        return
    if _results is None:
        init_rq()
    _results.put((sid, r))
