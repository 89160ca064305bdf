"""A worker process of the Java aiges loader: serves one ``Wrapper()`` over its stdin/stdout.

Started as ``python3 -m aiges._worker PARENT_PID`` in the wrapper's folder, with this SDK and
the wrapper's folder on ``PYTHONPATH``. It imports module ``wrapper``, constructs ``Wrapper()``
and then answers requests until told to finish or until its parent goes away.

Framing, both directions: a 4-byte big-endian length, then that many bytes of message. A
message starts with a one-byte kind. Strings and byte strings are a 4-byte length and the raw
bytes; maps are a 4-byte count and key/value strings. Item data travels as raw bytes: no JSON
and no base64 on the request path.

  loader -> worker   I config-map | O params-map items | S | F
                     B count, count x (params-map items)   (a batch; only to a wrapper that batches)
                     C params-map | W handle items | R handle | D handle   (sessions)
                     item = key, type u8, status u8, descriptor-map, data
  worker -> loader   K payload | E code i32, message
                     the first message (unasked) says whether the wrapper loaded;
                     K for O and R carries items = key, type u8, status u8, data;
                     K for B carries count, then per request in order: u8 0 and its items,
                       or u8 1, code i32, message (that request alone failed);
                       E for B fails the whole batch;
                     K for C carries the session handle;
                     K for S carries the declared schema (see _schema), then u8 1 when the
                       wrapper defines wrapperOnceExecBatch.
"""

import collections
import ctypes
import inspect
import os
import select
import signal
import struct
import sys
import threading
import traceback

from aiges import dto
from aiges.dto import DataListCls, DataListNode

# Codes reported to the loader; the loader adds its own for crashes and timeouts.
LOAD_ERROR = 10903
INIT_ERROR = 30001
USER_INIT_ERROR = 30002
USER_EXEC_ERROR = 30003

_U32 = struct.Struct(">I")
_I32 = struct.Struct(">i")
_U8 = struct.Struct(">B")


class EndOfInput(Exception):
    """The loader closed the pipe mid-message: it is gone or done."""


class Reader:
    """Decodes one message as it arrives on the pipe, so item data is read straight into its
    own ``bytes`` (one copy, kernel to object) rather than into a message buffer and then sliced
    out of it (two)."""

    def __init__(self, stream, length):
        self.stream = stream
        self.left = length

    def _take(self, n):
        if n > self.left:
            raise Failure(USER_EXEC_ERROR, "malformed request: a field of %d bytes runs past the %d left in its"
                                           " message" % (n, self.left))
        data = _read_exact(self.stream, n)
        if data is None:
            raise EndOfInput()
        self.left -= n
        return data

    def u8(self):
        return self._take(1)[0]

    def u32(self):
        return _U32.unpack(self._take(4))[0]

    def raw(self):
        return self._take(self.u32())

    def str(self):
        return str(self.raw(), "utf-8")

    def map(self):
        return {self.str(): self.str() for _ in range(self.u32())}

    def skip_rest(self):
        """Reads past what a handler left unread (a malformed or failed request), so the next
        message starts where it should."""
        while self.left:
            chunk = self.stream.read(min(self.left, 1 << 16))
            if not chunk:
                raise EndOfInput()
            self.left -= len(chunk)


class Writer:
    """Encodes one message body as a list of chunks, so item data is never copied into a buffer."""

    def __init__(self, kind):
        self.chunks = [kind]

    def u8(self, value):
        self.chunks.append(_U8.pack(value))

    def u32(self, value):
        self.chunks.append(_U32.pack(value))

    def i32(self, value):
        self.chunks.append(_I32.pack(value))

    def raw(self, value):
        self.chunks.append(_U32.pack(len(value)))
        self.chunks.append(value)

    def str(self, value):
        self.raw(str(value).encode("utf-8"))

    def map(self, values):
        self.u32(len(values))
        for key, value in values.items():
            self.str(key)
            self.str(value)

    def send(self, out):
        out.write(_U32.pack(sum(len(c) for c in self.chunks)))
        for chunk in self.chunks:
            out.write(chunk)
        out.flush()


class Failure(Exception):
    """A call that fails with an AIGES code and a message for the loader."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def _die_with_parent(parent_pid):
    """Asks Linux to SIGKILL this process when the loader dies, even by kill -9."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass  # the stdin watchdog still ends the worker
    # The parent may have died before prctl took effect.
    if os.getppid() != parent_pid:
        os._exit(1)


def _take_protocol_pipes():
    """Keeps stdin/stdout for the protocol and points fd 0 at /dev/null and fd 1 at stderr, so
    a wrapper's print() or input() (or a native library's writes) never touch the framing."""
    proto_in = os.fdopen(os.dup(0), "rb")
    proto_out = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    sys.stdout.reconfigure(line_buffering=True)
    return proto_in, proto_out


def _read_exact(stream, n):
    data = stream.read(n)
    if data is None or len(data) < n:
        return None
    return data


def _watch(proto_in):
    """Ends the process when the loader closes the pipe, even while the main thread is stuck in
    user code. It only polls for the hang-up (events 0: POLLHUP is always reported) and reads
    nothing, so requests go from the pipe to the main thread with no hand-over between threads."""
    poller = select.poll()
    poller.register(proto_in.fileno(), 0)
    while True:
        for _, event in poller.poll():
            if event & (select.POLLHUP | select.POLLERR | select.POLLNVAL):
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(0)


def _where(error, folder):
    """'file, line N' of an import failure: the wrapper's own line when it is on the stack."""
    if isinstance(error, SyntaxError) and error.filename:
        return "%s, line %s" % (error.filename, error.lineno)
    frames = traceback.extract_tb(error.__traceback__)
    own = [f for f in frames if os.path.abspath(f.filename).startswith(folder + os.sep)]
    frame = (own or frames or [None])[-1]
    return "%s, line %s" % (frame.filename, frame.lineno) if frame else "wrapper"


def _describe(error):
    if isinstance(error, SyntaxError):
        return "%s: %s" % (type(error).__name__, error.msg)
    return "%s: %s" % (type(error).__name__, error)


def _load():
    folder = os.path.abspath(os.getcwd())
    try:
        import wrapper
        return wrapper.Wrapper()
    except BaseException as e:  # noqa: B902 -- SystemExit from a wrapper must be reported too
        traceback.print_exc()
        raise Failure(LOAD_ERROR, "cannot load wrapper.py: %s: %s" % (_where(e, folder), _describe(e)))


def _as_bytes(key, data):
    if data is None:
        return b""
    if isinstance(data, (bytes, bytearray)):
        return data
    if isinstance(data, memoryview):
        return data.tobytes()
    if isinstance(data, str):
        return data.encode("utf-8")
    raise Failure(USER_EXEC_ERROR, "response item '%s': data must be bytes, got %s" % (key, type(data).__name__))


def _user_error(user, code, what="wrapperOnceExec"):
    try:
        text = user.wrapperError(code)
    except Exception as e:
        text = "wrapperError(%d) failed: %s" % (code, _describe(e))
    return text or "%s answered error code %d" % (what, code)


def _init(user, request):
    try:
        ret = user.wrapperInit(request.map())
    except Exception as e:
        traceback.print_exc()
        raise Failure(INIT_ERROR, "wrapperInit failed: %s" % _describe(e))
    # None is taken as success: some wrappers forget the return.
    if ret not in (0, None):
        raise Failure(USER_INIT_ERROR, "wrapperInit returned %r" % (ret,))
    return Writer(b"K")


def _read_items(request):
    nodes = []
    for _ in range(request.u32()):
        key, kind, status, desc = request.str(), request.u8(), request.u8(), request.map()
        nodes.append(DataListNode(key, request.raw(), kind, status, desc))
    return DataListCls(nodes)


def _write_items(answer, items):
    answer.u32(len(items))
    for item in items:
        answer.str(item.key)
        answer.u8(int(item.type))
        answer.u8(int(item.status))
        answer.raw(_as_bytes(item.key, item.data))


def _items_answer(items):
    answer = Writer(b"K")
    _write_items(answer, items)
    return answer


def _response_items(user, resp, what):
    """The items of a one-shot Response, or the Failure its error code or emptiness means."""
    code = getattr(resp, "error_code", 0)
    if code:
        raise Failure(code, _user_error(user, code, what))
    items = getattr(resp, "list", None)
    if not items:
        raise Failure(USER_EXEC_ERROR, "%s returned no data (%s)" % (what, "None" if resp is None else "an empty list"))
    return items


def _once(user, request):
    params = request.map()
    req_data = _read_items(request)
    try:
        # Two positional arguments suit every signature seen in wrappers (usrTag/persId have defaults).
        resp = user.wrapperOnceExec(params, req_data)
    except (Exception, SystemExit) as e:  # a sys.exit() in one request must not end the worker
        traceback.print_exc()
        raise Failure(USER_EXEC_ERROR, _describe(e))
    return _items_answer(_response_items(user, resp, "wrapperOnceExec"))


def _batches(user):
    """Whether the wrapper defines wrapperOnceExecBatch itself (WrapperBase's loop does not count).
    aiges.sdk is looked up, not imported: importing it sets up the root logger, which a wrapper
    that does not use it may want to configure itself."""
    method = getattr(type(user), "wrapperOnceExecBatch", None)
    base = getattr(sys.modules.get("aiges.sdk"), "WrapperBase", None)
    return callable(method) and method is not getattr(base, "wrapperOnceExecBatch", None)


def _batch(user, request):
    """wrapperOnceExecBatch([(params, reqData), ...]): one answer per request, each encoded on
    its own so that one request's bad Response fails that request alone."""
    requests = [(request.map(), _read_items(request)) for _ in range(request.u32())]
    resps = _call("wrapperOnceExecBatch", user.wrapperOnceExecBatch, requests)
    if not isinstance(resps, (list, tuple)) or len(resps) != len(requests):
        got = "a list of %d" % len(resps) if isinstance(resps, (list, tuple)) else type(resps).__name__
        raise Failure(USER_EXEC_ERROR, "wrapperOnceExecBatch got %d requests and returned %s; return a list of one"
                      " Response per request, in their order" % (len(requests), got))
    answer = Writer(b"K")
    answer.u32(len(resps))
    for resp in resps:
        part = Writer(b"\x00")
        try:
            _write_items(part, _response_items(user, resp, "wrapperOnceExecBatch"))
        except Exception as e:  # a malformed item (say, a None type) fails its request only
            failure = e if isinstance(e, Failure) else Failure(USER_EXEC_ERROR, _describe(e))
            part = Writer(b"\x01")
            part.i32(failure.code)
            part.str(failure)
        answer.chunks.extend(part.chunks)
    return answer


def _fields(answer, fields):
    answer.u32(len(fields))
    for field in fields:
        answer.str(field.key)
        answer.u8(int(field.data_type))
        answer.str(getattr(field, "description", "") or "")
        descriptors = {name: getattr(field, name) for name in ("encoding", "format", "compress")
                       if isinstance(getattr(field, name, None), str)}
        answer.map(descriptors)


def _default(param):
    value = getattr(param, "value", None)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _schema(user, request):
    mappings = getattr(user, "__mappings__", {})
    answer = Writer(b"K")
    answer.str(getattr(user, "serviceId", "") or "")
    answer.str(getattr(user, "version", "") or "")
    _fields(answer, mappings.get("inputs", []))
    _fields(answer, mappings.get("accepts", []))
    params = mappings.get("params", [])
    answer.u32(len(params))
    for param in params:
        answer.str(param.key)
        answer.str(param.data_type)
        answer.str(getattr(param, "description", "") or "")
        default = _default(param)
        answer.u8(default is not None)
        answer.str(default or "")
        answer.u8(bool(getattr(param, "required", False)))
    answer.u8(_batches(user))
    return answer


def _fini(user, request):
    try:
        ret = user.wrapperFini()
    except NotImplementedError:
        ret = 0  # WrapperBase's default: nothing to release
    except Exception as e:
        traceback.print_exc()
        raise Failure(USER_EXEC_ERROR, "wrapperFini failed: %s" % _describe(e))
    if ret not in (0, None):
        raise Failure(USER_EXEC_ERROR, "wrapperFini returned %r" % (ret,))
    return Writer(b"K")


def _code_failure(user, code, what):
    """The failure for a non-zero code a wrapper answered; AIGES codes are positive, so a
    negative one (the demos' -1) is reported as 30003 with the code in the message."""
    if code > 0:
        return Failure(code, _user_error(user, code, what))
    return Failure(USER_EXEC_ERROR, "%s answered error code %d" % (what, code))


def _call(what, method, *args):
    try:
        return method(*args)
    except (Exception, SystemExit) as e:  # as in _once: user code must not end the worker
        traceback.print_exc()
        raise Failure(USER_EXEC_ERROR, "%s failed: %s" % (what, _describe(e)))


class Session:
    """One open session: its ids and the results the wrapper delivered but the loader has
    not read yet (callbacks come from the wrapper's threads, reads from the main thread)."""

    def __init__(self, sid):
        self.sid = sid
        self.handle = None
        self.results = collections.deque()


class Sessions:
    """The sessions open on this worker, by handle, and where ``aiges.dto.callback`` results go."""

    def __init__(self):
        self.lock = threading.Lock()
        self.by_handle = {}
        # callback(resp, key): key is the sid for the demos' callback_fn(res, sid); the handle is
        # accepted too, as the original's gRPC bridge keyed results by handle.
        self.by_key = {}
        self.write_takes_sid = None

    def deliver(self, resp, key):
        """``aiges.dto.callback``: queues a result for the session it names."""
        with self.lock:
            session = self.by_key.get(key)
        if session is None:
            print("aiges: callback for session %r, which is not open; result dropped" % (key,), file=sys.stderr)
            return
        session.results.append(resp)

    def _session(self, handle):
        session = self.by_handle.get(handle)
        if session is None:
            raise Failure(USER_EXEC_ERROR, "no open session with handle %r" % (handle,))
        return session

    def create(self, user, request):
        params = request.map()
        sid = params.get("sid", "")
        session = Session(sid)
        # Registered before wrapperCreate, so a result the wrapper sends while creating is kept.
        with self.lock:
            self.by_key[sid] = session
        try:
            session.handle = self._handle(user, _call("wrapperCreate", user.wrapperCreate, params, sid))
        except Failure:
            with self.lock:
                self.by_key.pop(sid, None)
            raise
        with self.lock:
            self.by_handle[session.handle] = session
            self.by_key[session.handle] = session
        answer = Writer(b"K")
        answer.str(session.handle)
        return answer

    @staticmethod
    def _handle(user, created):
        """The handle in what wrapperCreate returned: a SessionCreateResponse, or a plain str (mnist)."""
        if isinstance(created, str):
            handle, code = created, 0
        elif hasattr(created, "handle"):
            handle, code = created.handle, getattr(created, "error_code", 0)
        elif isinstance(created, int) and not isinstance(created, bool):
            handle, code = "", created
        else:
            raise Failure(USER_EXEC_ERROR, "wrapperCreate returned %s; return a SessionCreateResponse or a str handle"
                          % ("None (is it implemented?)" if created is None else type(created).__name__))
        if code:
            raise _code_failure(user, code, "wrapperCreate")
        if not handle:
            raise Failure(USER_EXEC_ERROR, "wrapperCreate returned an empty handle")
        return str(handle)

    def _takes_sid(self, user):
        """Whether wrapperWrite is the 3-argument (handle, req, sid) kind (stream_test)."""
        if self.write_takes_sid is None:
            try:
                positional = [p for p in inspect.signature(user.wrapperWrite).parameters.values()
                              if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
                self.write_takes_sid = len(positional) >= 3
            except (TypeError, ValueError):
                self.write_takes_sid = False
        return self.write_takes_sid

    def write(self, user, request):
        session = self._session(request.str())
        frame = _read_items(request)
        if self._takes_sid(user):
            ret = _call("wrapperWrite", user.wrapperWrite, session.handle, frame, session.sid)
        else:
            ret = _call("wrapperWrite", user.wrapperWrite, session.handle, frame)
        if ret not in (0, None):
            raise _code_failure(user, ret, "wrapperWrite") if isinstance(ret, int) else Failure(
                USER_EXEC_ERROR, "wrapperWrite returned %r" % (ret,))
        return Writer(b"K")

    def read(self, user, request):
        session = self._session(request.str())
        delivered = []
        while session.results:
            delivered.append(session.results.popleft())
        items = []
        for resp in delivered + [_call("wrapperRead", user.wrapperRead, session.handle)]:
            items.extend(_result_items(user, resp))
        return _items_answer(items)

    def destroy(self, user, request):
        handle = request.str()
        with self.lock:
            session = self.by_handle.pop(handle, None)
            if session is not None:
                for key in (session.sid, session.handle):
                    if self.by_key.get(key) is session:
                        del self.by_key[key]
        if session is None:
            raise Failure(USER_EXEC_ERROR, "no open session with handle %r" % (handle,))
        ret = _call("wrapperDestroy", user.wrapperDestroy, handle)
        if ret not in (0, None):
            raise Failure(USER_EXEC_ERROR, "wrapperDestroy returned %r" % (ret,))
        return Writer(b"K")


def _result_items(user, resp):
    """The items of a session result: a Response (its list), a list of Responses or items, or
    None / [] (WrapperBase.wrapperRead's default) for nothing."""
    if resp is None:
        return []
    if isinstance(resp, (list, tuple)):
        items = []
        for element in resp:
            items.extend(_result_items(user, element) if hasattr(element, "list") else [element])
        return items
    if hasattr(resp, "list"):
        code = getattr(resp, "error_code", 0)
        if code:
            raise _code_failure(user, code, "the session result")
        return list(resp.list or [])
    raise Failure(USER_EXEC_ERROR, "a session result must be a Response, got %s" % type(resp).__name__)


_sessions = Sessions()

_HANDLERS = {ord("I"): _init, ord("O"): _once, ord("B"): _batch, ord("S"): _schema, ord("F"): _fini,
             ord("C"): _sessions.create, ord("W"): _sessions.write, ord("R"): _sessions.read,
             ord("D"): _sessions.destroy}


def _error(failure):
    answer = Writer(b"E")
    answer.i32(failure.code)
    answer.str(failure)
    return answer


def main():
    _die_with_parent(int(sys.argv[1]))
    proto_in, proto_out = _take_protocol_pipes()
    threading.Thread(target=_watch, args=(proto_in,), name="aiges-stdin-watchdog", daemon=True).start()
    try:
        user = _load()
    except Failure as failure:
        _error(failure).send(proto_out)
        return
    dto._session_sink = _sessions.deliver
    Writer(b"K").send(proto_out)
    while True:
        header = _read_exact(proto_in, 4)
        if header is None:
            return
        request = Reader(proto_in, _U32.unpack(header)[0])
        try:
            kind = request.u8()
            handler = _HANDLERS.get(kind)
            try:
                if handler is None:
                    raise Failure(USER_EXEC_ERROR, "unknown request kind %d" % kind)
                answer = handler(user, request)
            except Failure as failure:
                answer = _error(failure)
            except EndOfInput:
                raise
            except Exception as e:  # a malformed answer from the wrapper (say, a None type)
                traceback.print_exc()
                answer = _error(Failure(USER_EXEC_ERROR, _describe(e)))
            request.skip_rest()
        except (EndOfInput, Failure):  # the pipe closed mid-message, or a message of 0 bytes
            return
        answer.send(proto_out)
        if kind == ord("F"):
            return


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Skips waiting for threads the wrapper may have left running.
    os._exit(0)
