"""A wrapper that computes with numpy (Debian's python3-numpy): the mean and the sum of the
float32 samples it is given, as real wrappers do with their model's arrays."""

import json

import numpy as np

from aiges.core.types import *
from aiges.dto import Response, ResponseData, DataListCls
from aiges.sdk import WrapperBase, AudioBodyField, StringBodyField


class UserRequest(object):
    input1 = AudioBodyField(key="pcm")


class UserResponse(object):
    accept1 = StringBodyField(key="stats")


class Wrapper(WrapperBase):
    serviceId = "numpy-stats"
    version = "v1"
    requestCls = UserRequest()
    responseCls = UserResponse()

    def wrapperInit(self, config: {}) -> int:
        self.scale = float(config.get("scale", "1"))
        return 0

    def wrapperOnceExec(self, params: {}, reqData: DataListCls, usrTag: str = "", persId: int = 0) -> Response:
        samples = np.frombuffer(reqData.get("pcm").data, dtype="<f4") * self.scale
        res = Response()
        out = ResponseData()
        out.key = "stats"
        out.setDataType(DataText)
        out.status = Once
        out.setData(json.dumps({"n": int(samples.size), "sum": float(samples.sum()),
                                "mean": float(samples.mean()) if samples.size else 0.0}).encode("utf-8"))
        res.list = [out]
        return res

    def wrapperFini(self) -> int:
        return 0

    def wrapperError(self, ret: int) -> str:
        return ""
