"""Writes a new wrapper project: wrapper/wrapper.py, wrapper/test_data/, aiges.toml, README.md."""

import os
import re
import struct
import zlib

_WRAPPER = '''"""The {name} engine: counts the bytes of the image it is given.

Replace the computation in wrapperOnceExec with your model; keep the method names and the
request/response declarations, which tell aiges what the service accepts and returns.
"""

import hashlib
import json

from aiges.core.types import *

try:
    from aiges_embed import ResponseData, Response, DataListNode, DataListCls
except ImportError:
    from aiges.dto import Response, ResponseData, DataListNode, DataListCls
from aiges.sdk import WrapperBase, ImageBodyField, StringBodyField, StringParamField
from aiges.utils.log import log


class UserRequest(object):
    """What a request carries: the payload fields and parameters."""
    input1 = ImageBodyField(key="img", path="test_data/test.png")
    ctrl = StringParamField(key="ctrl", value="hello", description="any text, echoed back")


class UserResponse(object):
    """What an answer carries."""
    accept1 = StringBodyField(key="result")


class Wrapper(WrapperBase):
    serviceId = "{name}"
    version = "v1"
    requestCls = UserRequest()
    responseCls = UserResponse()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.greeting = ""

    def wrapperInit(self, config: {{}}) -> int:
        # config holds the [wrapper] section of aiges.toml, every value a string.
        self.greeting = config.get("greeting", "hello")
        log.info("{name} initialised")
        return 0

    def wrapperOnceExec(self, params: {{}}, reqData: DataListCls, usrTag: str = "", persId: int = 0) -> Response:
        res = Response()
        img = reqData.get("img")
        if img is None:
            return res.response_err(100)
        answer = {{"greeting": self.greeting, "ctrl": params.get("ctrl", ""), "bytes": len(img.data),
                   "sha256": hashlib.sha256(img.data).hexdigest()}}
        item = ResponseData()
        item.key = "result"
        item.setDataType(DataText)
        item.status = Once
        item.setData(json.dumps(answer).encode("utf-8"))
        res.list = [item]
        return res

    def wrapperFini(self) -> int:
        return 0

    def wrapperError(self, ret: int) -> str:
        if ret == 100:
            return "the request has no 'img' input"
        return ""

    def wrapperTestFunc(self, data: [], respData: []):
        pass


if __name__ == "__main__":
    print(Wrapper().run().toJSON())
'''

_TOML = '''# aiges configuration of the {name} service. Start it with:
#   aiges serve -c aiges.toml -s {name}

[aiges]
requestTimeout = 120000

[engine]
form = "python"
wrapper = "wrapper/wrapper.py"

[fc]
# Engine instances = Python worker processes = requests served at once.
max = 2

# This machine only. To serve other machines, listen on 0.0.0.0 here and in http_listen,
# and turn on [auth] and [tls] first (see aiges's docs/security.md).
[{name}]
host = "127.0.0.1"
port = 5090

[wrapper]
http_listen = "127.0.0.1:1888"
greeting = "hello from aiges.toml"
'''

_README = '''# {name}

This is your first aiges python wrapper project: {name}.

* `wrapper/wrapper.py` is the engine. aiges imports it, creates `Wrapper()` and calls
  `wrapperInit` with the `[wrapper]` section of `aiges.toml`, then `wrapperOnceExec` for each
  request. It needs only the Python standard library; add your model's imports as you need them.
* `wrapper/test_data/` holds the test input named by `ImageBodyField(path=...)`.
* `aiges.toml` tells aiges to serve the wrapper (`[engine] form = "python"`).

Try the wrapper on its own: `cd wrapper && python3 wrapper.py`.
Serve it: `aiges serve -c aiges.toml -s {name}`, then POST a request to `/v1/{name}` with an
`img` payload (base64).
'''


def _tiny_png():
    """A 1x1 white PNG, so the project needs no binary file shipped with the SDK."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff"))
            + chunk(b"IEND", b""))


def create(name, path="./"):
    """Creates project ``name`` under ``path`` and returns its folder; refuses to overwrite one."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", name):
        raise SystemExit("project name must start with a letter and hold only letters, digits, '_' and '-': %r"
                         % name)
    project = os.path.join(path, name)
    if os.path.exists(project):
        raise SystemExit("%s already exists; choose another name or remove it" % project)
    os.makedirs(os.path.join(project, "wrapper", "test_data"))
    files = {os.path.join(project, "wrapper", "wrapper.py"): _WRAPPER,
             os.path.join(project, "aiges.toml"): _TOML,
             os.path.join(project, "README.md"): _README}
    for file, template in files.items():
        with open(file, "w", encoding="utf-8") as f:
            f.write(template.format(name=name))
    with open(os.path.join(project, "wrapper", "test_data", "test.png"), "wb") as f:
        f.write(_tiny_png())
    return project
