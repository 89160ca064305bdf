"""The worker's side of the framed protocol (aiges/_worker.py), spoken to a real worker process:
messages are read as they arrive, a malformed one gets an error answer and the next is served,
and large item data arrives whole. Seeded random sizes and cut points."""

import os
import random
import select
import struct
import subprocess
import sys
import tempfile
import unittest

U32 = struct.Struct(">I")

ECHO = '''
class Wrapper:
    def wrapperInit(self, config):
        return 0

    def wrapperOnceExec(self, params, reqData):
        from aiges.dto import Response, ResponseData
        item = reqData.get("in")
        out = ResponseData()
        out.key, out.type, out.status = "out", 0, 3
        out.data = bytes([len(item.data) % 251]) + item.data[-16:] + type(item.data).__name__.encode()
        response = Response()
        response.list = [out]
        return response
'''


def raw(value):
    return U32.pack(len(value)) + value


def once(data, declared=None):
    """An O message with one item, whose data length may be declared wrongly."""
    body = (b"O" + U32.pack(1) + raw(b"sid") + raw(b"s") + U32.pack(1) + raw(b"in") + bytes([0, 3])
            + U32.pack(0) + U32.pack(len(data) if declared is None else declared) + data)
    return U32.pack(len(body)) + body


class Worker:
    def __init__(self):
        self.folder = tempfile.mkdtemp()
        with open(os.path.join(self.folder, "wrapper.py"), "w") as f:
            f.write(ECHO)
        sdk = os.path.dirname(os.path.dirname(os.path.abspath(sys.modules["aiges"].__file__)))
        env = dict(os.environ, PYTHONPATH=sdk + os.pathsep + self.folder)
        self.process = subprocess.Popen([sys.executable, "-m", "aiges._worker", str(os.getpid())], cwd=self.folder,
                                        env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        assert self.answer() == b"K"
        self.send(U32.pack(5) + b"I" + U32.pack(0))
        assert self.answer() == b"K"

    def send(self, message):
        self.process.stdin.write(message)
        self.process.stdin.flush()

    def answer(self):
        # A worker that waits for bytes that never come fails the test instead of hanging it.
        ready, _, _ = select.select([self.process.stdout], [], [], 20)
        if not ready:
            self.process.kill()
            raise AssertionError("the worker did not answer within 20 s")
        n = U32.unpack(self.process.stdout.read(4))[0]
        return self.process.stdout.read(n)

    def close(self):
        self.process.stdin.close()
        code = self.process.wait(10)
        self.process.stdout.close()
        return code


def echoed(answer):
    """(first byte, last 16 bytes, data type name) of the echo wrapper's answer."""
    assert answer[:1] == b"K", answer
    at = 1 + 4
    key_length = U32.unpack_from(answer, at)[0]
    at += 4 + key_length + 2
    n = U32.unpack_from(answer, at)[0]
    data = answer[at + 4:at + 4 + n]
    return data[0], data[1:17] if len(data) > 17 else data[1:-5], data[-5:]


class WireTest(unittest.TestCase):
    def setUp(self):
        import aiges  # noqa: F401 -- the SDK under test, as the workers get it
        self.worker = Worker()

    def tearDown(self):
        self.assertEqual(self.worker.close(), 0)

    def test_large_item_data_arrives_whole_as_bytes(self):
        data = random.Random(16).randbytes(4 << 20)
        self.worker.send(once(data))
        first, tail, kind = echoed(self.worker.answer())
        self.assertEqual((first, tail, kind), (len(data) % 251, data[-16:], b"bytes"))

    def test_a_field_past_its_message_is_an_error_and_the_next_request_is_served(self):
        rng = random.Random(7)
        for _ in range(40):
            data = rng.randbytes(rng.randrange(0, 5000))
            self.worker.send(once(data, declared=len(data) + rng.randrange(1, 1 << 20)))
            answer = self.worker.answer()
            self.assertEqual(answer[:1], b"E", answer)
            self.assertIn(b"malformed request", answer)
            good = rng.randbytes(rng.randrange(17, 3000))
            self.worker.send(once(good))
            self.assertEqual(echoed(self.worker.answer())[1], good[-16:])

    def test_an_unknown_kind_with_a_body_is_skipped_whole(self):
        self.worker.send(raw(b"Z" + b"\x00" * 100000))
        self.assertIn(b"unknown request kind", self.worker.answer())
        self.worker.send(once(b"x" * 40))
        self.assertEqual(echoed(self.worker.answer())[1], b"x" * 16)

    def test_the_pipe_closing_mid_message_ends_the_worker(self):
        message = once(b"y" * 1000)
        self.worker.send(message[:len(message) // 2])
        # tearDown closes stdin: the worker must end with 0, not hang waiting for the rest.


if __name__ == "__main__":
    unittest.main()
