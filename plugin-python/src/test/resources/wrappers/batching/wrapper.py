"""A batching wrapper whose call costs the same for one request or a whole batch, as a model on
an accelerator does: ``callMillis`` of sleep per wrapperOnceExecBatch call, whatever its size.
Each answer is its request's text reversed, with the size of the batch it ran in; the text "bad"
fails its request alone (error code 7001), as does "untyped" (an item without a type); "boom"
fails the whole batch, as does "short" (one Response too few)."""

import time

from aiges.core.types import *
from aiges.dto import Response, ResponseData
from aiges.sdk import WrapperBase, StringBodyField


class UserRequest(object):
    text = StringBodyField(key="text")


class UserResponse(object):
    accept1 = StringBodyField(key="result")


class Wrapper(WrapperBase):
    serviceId = "batching"
    version = "v1"
    requestCls = UserRequest()
    responseCls = UserResponse()

    def wrapperInit(self, config: {}) -> int:
        self.seconds = float(config.get("callMillis", "20")) / 1000
        return 0

    def wrapperError(self, ret: int) -> str:
        return "text 'bad' refused" if ret == 7001 else ""

    def wrapperOnceExecBatch(self, requests):
        time.sleep(self.seconds)
        texts = [reqData.get("text").data.decode("utf-8") for params, reqData in requests]
        if "boom" in texts:
            raise RuntimeError("the model broke on a batch of %d" % len(texts))
        answers = [self._answer(text, len(texts)) for text in texts]
        return answers[:-1] if "short" in texts else answers

    @staticmethod
    def _answer(text, size):
        res = Response()
        if text == "bad":
            res.response_err(7001)
            return res
        item = ResponseData()
        item.key = "result"
        item.type = None if text == "untyped" else DataText
        item.setData(("%s batch=%d" % (text[::-1], size)).encode("utf-8"))
        res.list = [item]
        return res
