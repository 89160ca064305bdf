"""Writes a new wrapper project: wrapper/wrapper.py, wrapper/test_data/, aiges.toml, README.md,
requirements.txt and a Containerfile, as the original SDK's project tree had."""

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
* `requirements.txt` lists what the wrapper imports beyond the standard library (nothing yet);
  `pip install -r requirements.txt` installs it (on Debian, prefer the `python3-...` packages).
* `Containerfile` builds an image that serves the wrapper under aiges (see its first lines).

Try the wrapper on its own: `cd wrapper && python3 wrapper.py`.
Serve it: `aiges serve -c aiges.toml -s {name}`, then POST a request to `/v1/{name}` with an
`img` payload (base64).
'''


_REQUIREMENTS = '''# What wrapper/wrapper.py imports beyond the standard library, one package a line, as pip reads
# it: pip install -r requirements.txt (the Containerfile does so). aiges's Python SDK, the aiges
# package, comes inside aiges: do not list it. For example:
# numpy
'''

_CONTAINERFILE = '''# Serves the {name} wrapper under aiges in a container. Build aiges's own image first, in aiges's
# sources:   docker build -f deploy/Containerfile -t aiges:0.1.0 .
# then here: docker build -f Containerfile -t {name} . && docker run --rm -p 1888:1888 {name}
# (podman works the same; --build-arg AIGES_IMAGE=... names another aiges image).
ARG AIGES_IMAGE=aiges:0.1.0
FROM ${{AIGES_IMAGE}}
USER root
# aiges runs wrappers with /usr/bin/python3; pip installs what requirements.txt names.
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-pip \\
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt /opt/{name}/requirements.txt
RUN pip3 install --no-cache-dir --break-system-packages -r /opt/{name}/requirements.txt
COPY aiges.toml /opt/{name}/aiges.toml
COPY wrapper/ /opt/{name}/wrapper/
# A container is reached from outside it, so listen on every interface, where aiges.toml listens on
# loopback only. Turn on [auth] (and [tls]) before exposing it: aiges's docs/security.md.
RUN sed -i -e 's/^http_listen = "127.0.0.1:/http_listen = "0.0.0.0:/' \\
    -e 's/^host = "127.0.0.1"/host = "0.0.0.0"/' /opt/{name}/aiges.toml
WORKDIR /opt/{name}
USER 10001
EXPOSE 1888 5090
# The aiges image's entry point is aiges itself: these are its arguments.
CMD ["-m", "0", "-c", "/opt/{name}/aiges.toml", "-s", "{name}"]
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
             os.path.join(project, "README.md"): _README,
             os.path.join(project, "requirements.txt"): _REQUIREMENTS,
             os.path.join(project, "Containerfile"): _CONTAINERFILE}
    for file, template in files.items():
        with open(file, "w", encoding="utf-8") as f:
            f.write(template.format(name=name))
    with open(os.path.join(project, "wrapper", "test_data", "test.png"), "wb") as f:
        f.write(_tiny_png())
    return project
