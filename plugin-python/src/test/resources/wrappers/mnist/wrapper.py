#!/usr/bin/env python
# coding:utf-8
"""
The original aiges_demo mnist/wrapper/wrapper.py, line for line, except for the model: instead of
torch, it "recognises" the digit as the number of input bytes modulo 10, so it needs no
third-party package.
"""

import json
import os.path
import io
import random

from aiges.core.types import *

try:
    from aiges_embed import ResponseData, Response, DataListNode, DataListCls, SessionCreateResponse  # c++
except:
    from aiges.dto import Response, ResponseData, DataListNode, DataListCls, SessionCreateResponse
from aiges.sdk import WrapperBase, \
    ImageBodyField, \
    StringBodyField, StringParamField
from aiges.utils.log import log, getFileLogger


# 定义模型的输入参数
class UserRequest(object):
    '''
    定义请求类:
     params:  params 开头的属性代表最终HTTP协议中的功能参数parameters部分，
              params Field支持 StringParamField，
              NumberParamField，BooleanParamField,IntegerParamField，每个字段均支持枚举
              params 属性多用于协议中的控制字段，请求body字段不属于params范畴

     input:    input字段多用与请求数据段，即body部分，当前支持 ImageBodyField, StringBodyField, 和AudioBodyField
    '''
    input1 = ImageBodyField(key="img", path="test_data/0.png")
    ctrl = StringParamField(key="ctrl", value="helloworld")


# 定义模型的输出参数
class UserResponse(object):
    '''
    定义响应类:
     accepts:  accepts代表响应中包含哪些字段, 以及数据类型

     input:    input字段多用与请求数据段，即body部分，当前支持 ImageBodyField, StringBodyField, 和AudioBodyField
    '''
    accept1 = StringBodyField(key="result")


class Net(object):
    """Stands in for the torch CNN of the original."""

    def __call__(self, imagebytes):
        return len(imagebytes) % 10


# 定义服务推理逻辑
class Wrapper(WrapperBase):
    serviceId = "mnist"
    version = "v1"
    call_type = 1
    requestCls = UserRequest()
    responseCls = UserResponse()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.transform = None
        self.device = None
        self.filelogger = None

    def wrapperInit(self, config: {}) -> int:
        log.info("Initializing ...")
        self.filelogger = getFileLogger()
        self.model = Net()
        self.filelogger.info("wrapperInit end")
        return 0

    def wrapperOnceExec(self, params: {}, reqData: DataListCls, usrTag: str = "", persId: int = 0) -> Response:
        res = Response()
        try:
            ctrl = params.get("ctrl", "default")
            imagebytes = reqData.get("img").data
            result = self.model(imagebytes)
            retC = {
                "result": int(result),
                "msg": "result is: %d" % int(result)
            }
            res_data = ResponseData()
            res_data.key = "result"
            res_data.setDataType(DataText)
            res_data.status = Once
            res_data.setData(json.dumps(retC).encode("utf-8"))
            res.list = [res_data]
            return res
        except Exception as e:
            log.error(e)
            return res.response_err(100)

    def wrapperFini(cls) -> int:
        return 0

    def wrapperError(cls, ret: int) -> str:
        if ret == 100:
            return "wrapper exec exception here..."
        return ""

    '''
        此函数保留测试用，不可删除
    '''

    def wrapperTestFunc(cls, data: [], respData: []):
        pass

    def wrapperCreate(cls, params: {}, sid: str, persId: int = 0) -> str:
        print(params)
        i = random.randint(1, 30000)
        print(sid)
        return f"hd-test-{i}"


if __name__ == '__main__':
    m = Wrapper(legacy=False)
    m.schema()
    print(m.schema())
