"""The wrapper base class and schema field classes of the original SDK (``aiges.sdk``).

A wrapper declares its inputs and parameters as class attributes of a request class and its
outputs on a response class, and assigns instances of both to ``requestCls``/``responseCls``.
The metaclass collects them into ``__mappings__`` when the Wrapper class is created; the loader
reads that to describe and validate the service.
"""

import json
import os
import sys

from aiges.core.types import STRING, AUDIO, IMAGE, Types, Once
from aiges.dto import DataListCls, Response, SessionCreateResponse
from aiges.stream import SessionManager
from aiges.utils.log import log


class Field:
    def __init__(self, key, data_type):
        self.key = key
        self.data_type = data_type
        self.description = ""
        self.title = ""
        self.test_value = None


class ParamField(Field):
    """A scalar request parameter."""

    def _schema(self):
        if getattr(self, "enums", None):
            return {self.key: {"type": self.data_type, "enum": self.enums}}
        if self.data_type == "string":
            return {self.key: {"type": self.data_type, "maxLength": self.maxLength}}
        if self.data_type in ("number", "integer"):
            return {self.key: {"type": self.data_type, "maximum": self.maximum}}
        return {self.key: {"type": self.data_type}}


class PayloadField(Field):
    """An input or output data stream."""


def _read_test_value(path, placeholder):
    if path and os.path.isfile(path):
        with open(path, "rb") as f:
            return f.read()
    if path:
        log.warning("test data file %s not found", path)
    return placeholder


class StringBodyField(PayloadField):
    def __init__(self, key, value=b" ", need_base64=False, encoding="utf8", format="plain", compress="raw",
                 status=3):
        super().__init__(key, STRING)
        # The original insists on bytes; real wrappers pass str too, so accept both.
        if isinstance(value, str):
            value = value.encode("utf-8")
        if not isinstance(value, (bytes, bytearray)):
            raise Exception("StringBodyField %s: value must be bytes or str, got %s" % (key, type(value).__name__))
        self.test_value = bytes(value)
        self.text = self.test_value
        self.need_base64 = need_base64
        self.encoding = encoding
        self.format = format
        self.compress = compress
        self.status = status


class AudioBodyField(PayloadField):
    def __init__(self, key, path="", encoding="raw", format="plain", compress="raw", status=3):
        super().__init__(key, AUDIO)
        self.path = path
        self.test_value = _read_test_value(path, b" ")
        self.audio = self.test_value
        self.encoding = encoding
        self.format = format
        self.compress = compress
        self.status = status


class ImageBodyField(PayloadField):
    def __init__(self, key, path="", need_base64=False, encoding="jpg", status=3):
        super().__init__(key, IMAGE)
        self.path = path
        self.test_value = _read_test_value(path, b"<your image base64 here>")
        self.image = self.test_value
        self.need_base64 = need_base64
        self.encoding = encoding
        self.status = status


class JsonBodyField(PayloadField):
    def __init__(self, key, value="", need_base64=False):
        super().__init__(key, STRING)
        self.test_value = value
        self.need_base64 = need_base64
        self.encoding = "utf8"
        self.format = "json"


class StringParamField(ParamField):
    def __init__(self, key, minLength=0, maxLength=1024, enums=[], required=False, value="", description="",
                 title=""):
        super().__init__(key, "string")
        self.minLength = minLength
        self.maxLength = maxLength
        self.enums = list(enums)
        self.required = required
        self.test_value = value
        self.value = value
        self.description = description
        self.title = title


class NumberParamField(ParamField):
    def __init__(self, key, minimum=0, maximum=100, enums=[], required=False, value=0):
        super().__init__(key, "number")
        self.minimum = minimum
        self.maximum = maximum
        self.enums = list(enums)
        self.required = required
        self.test_value = value
        self.value = value


class IntegerParamField(NumberParamField):
    def __init__(self, key, minimum=0, maximum=100, enums=[], required=False, value=0):
        super().__init__(key, minimum, maximum, enums, required, value)
        self.data_type = "integer"


class BooleanParamField(ParamField):
    def __init__(self, key, title="", default=False, required=False):
        super().__init__(key, "boolean")
        self.title = title
        self.default = default
        self.value = default
        self.test_value = default
        self.required = required


class Metaclass(type):
    """Collects the fields of ``requestCls``/``responseCls`` into ``__mappings__``."""

    def __new__(mcs, name, bases, attrs):
        cls = type.__new__(mcs, name, bases, attrs)
        if name == "WrapperBase":
            return cls
        print("Found proto: %s" % name)
        mappings = {"inputs": [], "accepts": [], "params": []}
        # Read through the class so a subclass of a Wrapper inherits its declarations.
        if cls.requestCls is not None:
            for value in type(cls.requestCls).__dict__.values():
                if isinstance(value, PayloadField):
                    mappings["inputs"].append(value)
                elif isinstance(value, ParamField):
                    mappings["params"].append(value)
        if cls.responseCls is not None:
            for attr, value in type(cls.responseCls).__dict__.items():
                if isinstance(value, PayloadField) or (attr.startswith("accept") and isinstance(value, Field)):
                    mappings["accepts"].append(value)
        for key in ("call", "sub", "route", "call_type"):
            if hasattr(cls, key):
                mappings[key] = getattr(cls, key)
        cls.__mappings__ = mappings
        return cls


def _payload_schema(field):
    kind = Types.get(field.data_type, "text")
    if kind == "image":
        return {"type": "object", "properties": {
            "encoding": {"type": "string", "enum": ["jpg", "png", "bmp", "jpeg"]},
            "image": {"type": "string", "minLength": 1, "maxLength": 10485760},
            "status": {"type": "integer", "enum": [3]}}}
    if kind == "audio":
        return {"type": "object", "properties": {
            "encoding": {"type": "string", "enum": ["opus", "speex"]},
            "sample_rate": {"type": "integer", "enum": [8000, 16000]},
            "bit_depth": {"type": "integer", "enum": [8, 16]},
            "channels": {"type": "integer", "enum": [1, 2]},
            "status": {"type": "integer", "enum": [0, 1, 2, 3]},
            "seq": {"type": "integer"},
            "audio": {"type": "string"}}}
    return {"type": "object", "properties": {
        "encoding": {"type": "string", "enum": ["utf8", "gb2312"]},
        "compress": {"type": "string", "enum": ["gzip"]},
        "status": {"type": "integer", "enum": [0, 1, 2, 3]},
        "seq": {"type": "integer"},
        "text": {"type": "string"}}}


_HEADER_SCHEMA = {"type": "object", "required": ["appid"], "properties": {
    name: {"type": "string", "maxLength": 50} for name in ("appid", "uid", "device_id")}}


class WrapperBase(metaclass=Metaclass):
    """Base class of every ``Wrapper``: default methods a wrapper overrides."""

    config = {}
    requestCls = None
    responseCls = None
    serviceId = ""
    version = ""

    def __init__(self, legacy=True, is_aipaas=True, keep_schema_default_value=True):
        self.inputs_test_values = {}
        self.params_test_values = {}
        self.respData = []
        self.session = SessionManager()
        self.legacy = legacy
        self.is_aipaas = is_aipaas
        self.keep_schema_default_value = keep_schema_default_value
        self._schema = None
        print("### Current Using Python: %s ###" % sys.executable)

    def wrapperInit(cls, config: {}) -> int:
        raise NotImplementedError("wrapperInit is not implemented")

    def wrapperFini(cls) -> int:
        raise NotImplementedError("wrapperFini is not implemented")

    def wrapperOnceExec(cls, params: {}, reqData: DataListCls, usrTag: str = "", persId: int = 0) -> Response:
        raise NotImplementedError("wrapperOnceExec is not implemented")

    def wrapperOnceExecBatch(self, requests: list) -> list:
        """An aiges extension, not in the original SDK: answers several one-shot requests in one
        call, so a model can stack their inputs and run once. ``requests`` is a list of
        ``(params, reqData)``, each what ``wrapperOnceExec`` gets; return one ``Response`` per
        request, in their order. A ``Response`` with ``error_code`` set (``response_err``) fails
        that request alone; raising fails the whole batch.

        A wrapper declares batching by defining this method: aiges then sends it every one-shot
        request (a lone request as a batch of one) and lets ``[batching]`` group them. This
        default, which runs ``wrapperOnceExec`` request by request, does not declare it.
        """
        return [self.wrapperOnceExec(params, reqData) for params, reqData in requests]

    def wrapperOnceExecAsync(cls, params: {}, reqData: DataListCls, sid: str, persId: int = 0) -> int:
        raise NotImplementedError("wrapperOnceExecAsync is not implemented")

    def wrapperError(cls, ret: int) -> str:
        if ret == 100:
            return "This is a  error return"
        return ""

    def wrapperLoadRes(self, reqData: DataListCls, resId: int) -> int:
        return 0

    def wrapperUnloadRes(self, resId: int) -> int:
        return 0

    def wrapperCreate(cls, params: {}, sid: str, persId: int = 0, usrTag: str = "") -> SessionCreateResponse:
        print("wrapperCreate is not implemented")
        return None

    def wrapperWrite(cls, handle: str, datas: []) -> int:
        return 0

    def wrapperRead(cls, handle: str) -> []:
        return []

    def wrapperDestroy(cls, handle: str) -> int:
        return 0

    def schema(self):
        """The service description as a JSON string (the original's legacy schema layout)."""
        return self.schema_legacy()

    def schema_v2(self):
        return self.schema_legacy()

    def schema_legacy(self):
        mappings = getattr(self, "__mappings__", {"inputs": [], "accepts": [], "params": []})
        if not mappings["inputs"] or not mappings["accepts"]:
            raise Exception("a wrapper needs at least one input (requestCls) and one output (responseCls)")
        service_id = self.serviceId
        params = {}
        for p in mappings["params"]:
            params.update(p._schema())
        required = [p.key for p in mappings["params"] if getattr(p, "required", False)]
        meta = {
            "serviceId": service_id,
            "version": self.version,
            "route": mappings.get("route", "/%s/private/%s" % (self.version, service_id)),
            "sub": mappings.get("sub", "ase"),
            "call": mappings.get("call", "atmos"),
            "call_type": mappings.get("call_type", 0),
            "hosts": "api.xf-yun.com",
            "service": [service_id],
            "routeKey": [],
            service_id: {
                "input": {f.key: {"dataType": Types.get(f.data_type, "text")} for f in mappings["inputs"]},
                "accept": {f.key: {"dataType": Types.get(f.data_type, "text")} for f in mappings["accepts"]},
            },
        }
        schema_input = {"type": "object", "properties": {
            "header": _HEADER_SCHEMA,
            "parameter": {"type": "object", "properties": {
                service_id: {"type": "object", "properties": params, "required": required}}},
            "payload": {"type": "object", "properties": {f.key: _payload_schema(f) for f in mappings["inputs"]}}}}
        schema_output = {"type": "object", "properties": {
            "payload": {"type": "object", "properties": {f.key: _payload_schema(f) for f in mappings["accepts"]}}}}
        return json.dumps({"meta": meta, "schemainput": schema_input, "schemaoutput": schema_output})

    def check_resp(self, resp):
        """Checks a wrapper's answer as the original's local test harness does; True when valid."""
        if not isinstance(resp, Response) or not resp.list:
            return False
        if resp.error_code != 0:
            return True
        accepts = {f.key: f.data_type for f in self.__mappings__["accepts"]}
        keys = set()
        for item in resp.list:
            if not isinstance(item.data, (bytes, memoryview)) or item.len != len(item.data):
                return False
            if item.key in keys or item.status != Once:
                return False
            if item.key not in accepts or accepts[item.key] != item.type:
                return False
            keys.add(item.key)
        return True

    def run_once(self):
        """Calls the wrapper once with the declared test values, as the original's self-test."""
        from aiges.dto import DataListNode
        self.wrapperInit(self.config)
        params = {p.key: str(p.test_value) for p in self.__mappings__["params"]}
        nodes = [DataListNode(key=f.key, data=f.test_value if isinstance(f.test_value, bytes)
                              else str(f.test_value).encode("utf-8"), type=f.data_type)
                 for f in self.__mappings__["inputs"]]
        resp = self.wrapperOnceExec(params, DataListCls(nodes))
        print("check_resp:", self.check_resp(resp))
        return resp

    def run(self, stream=False):
        if stream:
            raise NotImplementedError("stream self-test is not supported by this SDK")
        return self.run_once()
