#!/usr/bin/env python3
# coding:utf-8
"""
A PyTorch wrapper.py as users write them against the original AIGES SDK, for the served vs
in-process benchmark (tools/bench-python.sh): it decodes the request's PNG with PIL, resizes it
to 28x28, runs a small CNN (random weights, fixed seed: the benchmark measures cost, not
accuracy) and logs a line per call as real wrappers do. Needs Debian's python3-torch and
python3-pil.
"""

import io
import json

import numpy
import torch
from PIL import Image

from aiges.dto import Response, ResponseData, DataListCls
from aiges.sdk import WrapperBase, ImageBodyField, StringBodyField
from aiges.utils.log import log


class UserRequest(object):
    input1 = ImageBodyField(key="img", path="../../../fixtures/mnist-seed-digit7.png")


class UserResponse(object):
    accept1 = StringBodyField(key="result")


class Net(torch.nn.Module):
    """LeNet-sized: two convolutions and two dense layers, about the original demo's CNN."""

    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 32, 3, 1)
        self.conv2 = torch.nn.Conv2d(32, 64, 3, 1)
        self.fc1 = torch.nn.Linear(9216, 128)
        self.fc2 = torch.nn.Linear(128, 10)

    def forward(self, x):
        x = torch.relu(self.conv1(x))
        x = torch.max_pool2d(torch.relu(self.conv2(x)), 2)
        x = torch.relu(self.fc1(torch.flatten(x, 1)))
        return torch.log_softmax(self.fc2(x), dim=1)


class Wrapper(WrapperBase):
    serviceId = "mnist"
    version = "v1"
    requestCls = UserRequest()
    responseCls = UserResponse()

    def __init__(self):
        super().__init__()
        self.net = None

    def wrapperInit(self, config: {}) -> int:
        torch.manual_seed(7)
        self.net = Net().eval()
        log.info("torch mnist wrapper ready: %d intra-op threads", torch.get_num_threads())
        return 0

    def wrapperOnceExec(self, params: {}, reqData: DataListCls) -> Response:
        picture = reqData.get("img").data
        image = Image.open(io.BytesIO(picture)).convert("L").resize((28, 28))
        pixels = torch.from_numpy(numpy.asarray(image, dtype=numpy.float32) / 255.0).reshape(1, 1, 28, 28)
        with torch.no_grad():
            scores = self.net(pixels)
        digit = int(scores.argmax(1).item())
        log.info("recognised %d", digit)
        answer = ResponseData()
        answer.key = "result"
        answer.setData(json.dumps({"result": digit, "probability": float(scores.exp().max())}).encode("utf-8"))
        answer.type = 0
        answer.status = 3
        response = Response()
        response.list = [answer]
        return response

    def wrapperFini(self) -> int:
        return 0

    def wrapperError(self, ret: int) -> str:
        return ""
