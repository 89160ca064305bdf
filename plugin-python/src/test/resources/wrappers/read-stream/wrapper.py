"""A session wrapper that answers from wrapperRead, with the 2-argument wrapperWrite(handle, req)
of WrapperBase: each frame's text comes back upper-cased with the frame's status. The "ctl"
parameter picks a fault; wrapperDestroy appends its handle to destroyed.txt."""

import os

from aiges.core.types import *
from aiges.dto import Response, ResponseData, DataListCls, SessionCreateResponse
from aiges.sdk import WrapperBase, StringBodyField, StringParamField


class UserRequest(object):
    text = StringBodyField(key="text")
    ctl = StringParamField(key="ctl", value="ok")


class UserResponse(object):
    accept1 = StringBodyField(key="upper")


class Wrapper(WrapperBase):
    serviceId = "read-stream"
    version = "v1"
    requestCls = UserRequest()
    responseCls = UserResponse()

    def wrapperInit(self, config: {}) -> int:
        self.pending = {}
        self.params = {}
        return 0

    def wrapperCreate(self, params: {}, sid: str, persId: int = 0, usrTag: str = "") -> SessionCreateResponse:
        s = SessionCreateResponse()
        s.handle = "h-" + sid
        self.pending[s.handle] = []
        self.params[s.handle] = params
        return s

    def wrapperWrite(self, handle: str, datas: DataListCls) -> int:
        ctl = self.params[handle].get("ctl")
        if ctl == "write-error":
            return 101
        if ctl == "pid":
            self.pending[handle].append((DataContinue, str(os.getpid())))
        for node in datas.list:
            self.pending[handle].append((node.status, node.data.decode("utf-8").upper()))
        return 0

    def wrapperRead(self, handle: str) -> Response:
        if self.params[handle].get("ctl") == "read-raise":
            raise RuntimeError("cannot read")
        res = Response()
        res.list = []
        for status, text in self.pending[handle]:
            item = ResponseData()
            item.key = "upper"
            item.type = DataText
            item.status = status
            item.setData(text.encode("utf-8"))
            res.list.append(item)
        self.pending[handle] = []
        return res

    def wrapperDestroy(self, handle: str) -> int:
        with open("destroyed.txt", "a") as f:
            f.write(handle + "\n")
        del self.pending[handle]
        return 0

    def wrapperError(self, ret: int) -> str:
        return "write refused" if ret == 101 else ""

    def wrapperFini(self) -> int:
        return 0
