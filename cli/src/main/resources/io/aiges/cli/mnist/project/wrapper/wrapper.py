#!/usr/bin/env python3
# coding:utf-8
"""The MNIST demo as a Python wrapper: the shape of the original aiges_demo mnist/wrapper/wrapper.py,
with aiges's embedded model computed in numpy instead of PyTorch, so that it runs on Debian's
python3 with python3-numpy and nothing else.

* mnist-cnn.npz: the weights of aiges's embedded model, exported by `aiges -mnist`;
* mnist_cnn.py: the network's forward pass;
* mnist_digit.py, mnist_png.py: the picture to 28x28, as `aiges demo` prepares it.

Try it on its own: `python3 wrapper.py` (with aiges's Python SDK on PYTHONPATH).
"""

import os.path

from aiges.core.types import *

try:
    from aiges_embed import ResponseData, Response, DataListNode, DataListCls  # c++
except ImportError:
    from aiges.dto import Response, ResponseData, DataListNode, DataListCls
from aiges.sdk import WrapperBase, ImageBodyField, StringBodyField
from aiges.utils.log import log

import mnist_cnn
import mnist_digit
import mnist_png

HERE = os.path.dirname(os.path.abspath(__file__))
# Error codes this wrapper answers with; wrapperError gives their text.
NO_PICTURE = 10009
EXEC_FAILED = 100


# 定义模型的输入参数
class UserRequest(object):
    '''请求: payload 'img', a PNG of one handwritten digit, any size.'''
    input1 = ImageBodyField(key="img", path=os.path.join(HERE, "test_data", "7.png"))


# 定义模型的输出参数
class UserResponse(object):
    '''响应: 'result', the digit as JSON: {"result": 7, "msg": "识别结果为数字: 7", "probability": 0.9987}.'''
    accept1 = StringBodyField(key="result")


# 定义服务推理逻辑
class Wrapper(WrapperBase):
    serviceId = "mnist"
    version = "v1"
    call_type = 1
    requestCls = UserRequest()
    responseCls = UserResponse()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = None
        self.why = ""

    def wrapperInit(self, config: {}) -> int:
        log.info("Initializing ...")
        self.model = mnist_cnn.Cnn.load(config.get("weights", os.path.join(HERE, "mnist-cnn.npz")))
        log.info("wrapperInit end")
        return 0

    def wrapperOnceExec(self, params: {}, reqData: DataListCls, usrTag: str = "", persId: int = 0) -> Response:
        res = Response()
        img = reqData.get("img")
        try:
            pixels = mnist_digit.preprocess(img.data)
        except (mnist_png.PngError, mnist_digit.NoDigit) as e:
            self.why = str(e)
            return res.response_err(NO_PICTURE)
        try:
            probabilities = mnist_cnn.softmax(self.model.logits(pixels))
            digit = int(probabilities.argmax())
            # The text `aiges demo` answers, to the character: {"result": 7, "msg": "识别结果为数字: 7", "probability": 0.9987}
            retC = '{"result": %d, "msg": "识别结果为数字: %d", "probability": %.4f}' % (digit, digit, probabilities[digit])
        except Exception as e:
            log.error(e)
            self.why = "%s: %s" % (type(e).__name__, e)
            return res.response_err(EXEC_FAILED)
        res_data = ResponseData()
        res_data.key = "result"
        res_data.setDataType(DataText)
        res_data.status = Once
        res_data.setData(retC.encode("utf-8"))
        res.list = [res_data]
        return res

    def wrapperFini(cls) -> int:
        return 0

    def wrapperError(self, ret: int) -> str:
        if ret == NO_PICTURE:
            return "the img payload is not a PNG of a digit: " + self.why
        if ret == EXEC_FAILED:
            return "wrapper exec exception here: " + self.why
        return ""

    '''
        此函数保留测试用，不可删除
    '''

    def wrapperTestFunc(cls, data: [], respData: []):
        pass


if __name__ == '__main__':
    print(Wrapper().run().toJSON())
