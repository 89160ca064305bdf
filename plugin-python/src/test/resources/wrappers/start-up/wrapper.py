"""A wrapper whose start the test steers with files in its folder (the worker's working folder):
``import_sleep`` and ``init_sleep`` hold seconds to sleep at import and in wrapperInit ("forever"
for a hang). Each import appends "pid start end" (monotonic seconds, shared by every process of
the machine) to ``imports.log``, so a test sees which imports ran at the same time. The answer
says which devices and how many compute threads the worker was given."""

import json
import os
import time

from aiges.core.types import *
from aiges.dto import Response, ResponseData
from aiges.sdk import WrapperBase, StringBodyField


def _sleep(name):
    if not os.path.exists(name):
        return
    with open(name) as f:
        text = f.read().strip()
    if text == "forever":
        while True:
            time.sleep(1000)
    time.sleep(float(text))


_started = time.monotonic()
_sleep("import_sleep")
with open("imports.log", "a") as log:
    log.write("%d %.6f %.6f\n" % (os.getpid(), _started, time.monotonic()))


class UserResponse(object):
    devices = StringBodyField(key="devices")


class Wrapper(WrapperBase):
    serviceId = "start-up"
    version = "v1"
    responseCls = UserResponse()

    def wrapperInit(self, config: {}) -> int:
        _sleep("init_sleep")
        return 0

    def wrapperOnceExec(self, params, reqData, persId: int = 0):
        res = Response()
        item = ResponseData()
        item.key = "devices"
        item.type = DataText
        item.data = json.dumps({"pid": os.getpid(), "threads": os.environ.get("OMP_NUM_THREADS"),
                                "blas": os.environ.get("OPENBLAS_NUM_THREADS"),
                                "devices": os.environ.get("CUDA_VISIBLE_DEVICES")})
        res.list = [item]
        return res
