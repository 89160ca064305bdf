#!/usr/bin/env python
# coding:utf-8
"""
Shaped like the original aiges_demo stream_test/wrapper/wrapper.py: a pool of session handles
from aiges.stream, wrapperCreate(params, sid) taking an idle handle, the 3-argument
wrapperWrite(handle, req, sid) queueing frames for the handle's thread, and that thread sending
its results through callback_fn(res, sid) with status Begin, Continue and End. Instead of the
torch model it answers "<n>:<text of the frame>"; wrapperDestroy appends its handle to
destroyed.txt so tests can count the calls.
"""
import json
import os
import queue
import time

from aiges.core.types import *

try:
    from aiges_embed import ResponseData, Response, DataListNode, DataListCls, SessionCreateResponse, callback  # c++
except:
    from aiges.dto import Response, ResponseData, DataListNode, DataListCls, SessionCreateResponse, callback

from aiges.sdk import WrapperBase, StringParamField, StringBodyField
from aiges.stream import StreamHandleThread
from aiges.utils.log import log


class UserRequest(object):
    input1 = StringBodyField(key="text", value=b"hello")
    param1 = StringParamField(key="ctl", value="ok")


class UserResponse(object):
    accept1 = StringBodyField(key="result")


class Wrapper(WrapperBase):
    serviceId = "stream"
    version = "v1"
    requestCls = UserRequest()
    responseCls = UserResponse()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

    def wrapperInit(self, config: {}) -> int:
        log.info("Initializing ...")
        self.session.init_wrapper_config(config)
        self.session.init_handle_pool("thread", 1, MyReqDataThread)
        return 0

    def wrapperWrite(self, handle: str, req: DataListCls, sid: str) -> int:
        _session = self.session.get_session(handle=handle)
        if _session == None:
            log.info("can't get this handle: %s" % handle)
            return -1
        _session.in_q.put(req)
        return 0

    def wrapperCreate(self, params: {}, sid: str, persId: int = 0) -> SessionCreateResponse:
        s = SessionCreateResponse()
        if params.get("ctl") == "refuse":
            s.error_code = 100
            return s
        handle = self.session.get_idle_handle()
        if not handle:
            s.error_code = -1
            s.handle = ""
            return s
        _session = self.session.get_session(handle=handle)
        _session.setup_sid(sid)
        _session.setup_params(params)
        _session.setup_callback_fn(callback)
        s.handle = handle
        s.error_code = 0
        return s

    def wrapperDestroy(self, handle: str) -> int:
        with open("destroyed.txt", "a") as f:
            f.write(handle + "\n")
        self.session.push_back(handle)
        return 0

    def wrapperOnceExec(self, params: {}, reqData: DataListCls) -> Response:
        return None

    def wrapperFini(cls) -> int:
        return 0

    def wrapperError(cls, ret: int) -> str:
        if ret == 100:
            return "user error defined here"
        return ""

    def wrapperTestFunc(cls, data: [], respData: []):
        pass


class MyReqDataThread(StreamHandleThread):
    def __init__(self, session_thread, in_q, out_q):
        super().__init__(session_thread, in_q, out_q)
        self.setDaemon(True)
        self.is_stopping = False
        self.count = 0

    def run(self):
        while not self.is_stopping:
            try:
                req = self.in_q.get(timeout=5)
                self.infer(req)
            except queue.Empty as e:
                pass

    def infer(self, req: DataListCls):
        node = req.get("text")
        # The last result comes a little later than the others, so the loader has to wait for it.
        time.sleep(0.1 if node.status == DataEnd else 0.01)
        res = Response()
        resd = ResponseData()
        resd.key = "result"
        if node.status == DataEnd:
            resd.status = DataEnd
        elif self.count == 0:
            resd.status = DataBegin
        else:
            resd.status = DataContinue
        self.count += 1
        resd.type = DataText
        resd.data = ("%d:%s" % (self.count, node.data.decode("utf-8"))).encode("utf-8")
        resd.len = len(resd.data)
        res.list = [resd]
        self.session_thread.callback_fn(res, self.session_thread.sid)
        if resd.status == DataEnd:
            self.count = 0
            self.session_thread.reset()
