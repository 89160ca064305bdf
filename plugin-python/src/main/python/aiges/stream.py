"""Session helpers of the original SDK (``aiges.stream``).

Streaming sessions are not served by this loader yet; these stand-ins keep wrappers that import
them (and ``WrapperBase.session``) importable, and hold the same state the originals hold.
"""

import queue
import threading

from aiges.core.types import THREAD_MODE


class StreamHandleThread(threading.Thread):
    """A session worker: reads requests from ``in_q`` and answers through ``callback_fn``."""

    def __init__(self, session_thread, in_q=None, out_q=None):
        super().__init__(daemon=True)
        self.session_thread = session_thread
        self.in_q = in_q if in_q is not None else queue.Queue()
        self.out_q = out_q
        self.handle = ""
        self.sid = ""
        self.params = {}
        self.callback_fn = None
        self.is_stopping = False

    def setup_sid(self, sid):
        self.sid = sid

    def setup_params(self, params):
        self.params = params

    def setup_callback_fn(self, fn):
        self.callback_fn = fn

    def reset(self):
        self.sid = ""
        self.params = {}
        self.callback_fn = None

    def stop(self):
        self.is_stopping = True


class SessionManager:
    """A pool of session handles, each backed by a ``StreamHandleThread``."""

    def __init__(self):
        self.config = {}
        self.mode = THREAD_MODE
        self.handles = {}
        self.idle = queue.Queue()

    def init_wrapper_config(self, config):
        self.config = config

    def init_handle_pool(self, mode, nums, thread_cls=StreamHandleThread):
        self.mode = mode
        for i in range(nums):
            handle = "hd-%d" % i
            session = thread_cls(handle)
            session.handle = handle
            self.handles[handle] = session
            self.idle.put(handle)

    def get_idle_handle(self):
        return self.idle.get_nowait() if not self.idle.empty() else None

    def get_session(self, handle):
        return self.handles.get(handle)
