"""A wrapper with the 3-argument wrapperOnceExec of the object-detection and stream_test demos;
the "ctrl" parameter picks a behaviour so one wrapper covers every fault the loader handles."""

import json
import os
import sys
import time

from aiges.core.types import *
from aiges.dto import Response, ResponseData, DataListCls
from aiges.sdk import WrapperBase, StringBodyField, StringParamField, IntegerParamField, AudioBodyField

print("printed while importing: must not reach the protocol pipe")


class UserRequest(object):
    data = AudioBodyField(key="data")
    ctrl = StringParamField(key="ctrl", enums=["echo", "print", "raise", "sys.exit", "exit", "hang"],
                            value="echo", description="what to do")
    rounds = IntegerParamField(key="rounds", maximum=10, value=3, required=True)


class UserResponse(object):
    accept1 = StringBodyField(key="echo")
    info = StringBodyField(key="info")


class Wrapper(WrapperBase):
    serviceId = "variants"
    version = "v2"
    requestCls = UserRequest()
    responseCls = UserResponse()

    def wrapperInit(self, config: {}) -> int:
        self.config = config
        print("init with", config)
        return 0

    def wrapperOnceExec(self, params, reqData, persId: int = 0):
        ctrl = params.get("ctrl", "echo")
        if ctrl == "print":
            print("\x00\x00\x00\x05Kjunk that looks like a frame")
            sys.stdout.write("no newline at the end")
            os.write(1, b"\x00\x00\x00\x01K straight to fd 1\n")
        elif ctrl == "raise":
            raise ValueError("bad input 42")
        elif ctrl == "sys.exit":
            sys.exit(2)
        elif ctrl == "exit":
            os._exit(3)
        elif ctrl == "hang":
            time.sleep(1000)
        res = Response()
        item = ResponseData()
        item.key = "echo"
        item.type = DataAudio
        item.setData(reqData.get("data").data if reqData.get("data") is not None else b"")
        info = ResponseData()
        info.key = "info"
        info.data = json.dumps({"params": params, "config": self.config, "pid": os.getpid(),
                                "keys": [n.key for n in reqData.list]})
        res.list = [item, info]
        return res
