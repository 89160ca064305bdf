"""Session helpers of the original SDK (``aiges.stream``), as streaming wrappers use them.

A wrapper builds a pool of session handles in ``wrapperInit``
(``self.session.init_handle_pool("thread", n, MyThread)``). Each handle is a ``WorkerThread``
holding the session's context (``sid``, ``params``, ``callback_fn``, ``in_q``), and runs one
``MyThread(worker_thread, in_q, out_q)``, the wrapper's ``StreamHandleThread`` subclass that
reads frames from ``in_q`` and sends results through ``session_thread.callback_fn(resp, sid)``.
``wrapperCreate`` takes an idle handle and sets it up; the handle thread ``reset()``s it at the
end, which makes it idle again.
"""

import queue
import threading

from aiges.core.types import THREAD_MODE


class StreamHandleThread(threading.Thread):
    """Base of a wrapper's session thread: gets its ``WorkerThread`` and its queues."""

    def __init__(self, session_thread, in_q=None, out_q=None):
        super().__init__(daemon=True)
        self.session_thread = session_thread
        self.in_q = in_q if in_q is not None else queue.Queue()
        self.out_q = out_q if out_q is not None else queue.Queue()
        self.is_stopping = False

    def run(self):
        """Subclasses override this: read frames from ``in_q`` until ``is_stopping``."""

    def stop(self):
        self.is_stopping = True


class WorkerThread(threading.Thread):
    """One session handle: the context of the session it serves and the thread serving it."""

    def __init__(self, handle):
        super().__init__(daemon=True, name="aiges-session-" + handle)
        self.handle = handle
        self.sid = ""
        self.in_q = queue.Queue()
        self.out_q = queue.Queue()
        self.is_idle = True
        self.params = {}
        # callback(response, sid): how the handle thread hands results back to the loader.
        self.callback_fn = None
        self.StreamHandleThreadClass = StreamHandleThread

    @property
    def idle(self):
        return self.is_idle

    def setup_sid(self, sid):
        self.sid = sid

    def setup_params(self, params):
        self.params = params
        self.is_idle = False

    def setup_callback_fn(self, callback):
        self.callback_fn = callback

    def reset(self):
        """Ends the session on this handle: forgets its context and makes the handle idle."""
        self.sid = ""
        self.params = {}
        for q in (self.in_q, self.out_q):
            with q.mutex:
                q.queue.clear()
        self.is_idle = True

    def setStreamHandleThreadClass(self, cls):
        self.StreamHandleThreadClass = cls

    def run(self):
        handler = self.StreamHandleThreadClass(self, self.in_q, self.out_q)
        handler.start()
        handler.join()


class ThreadPool:
    """The handles of one wrapper, each a started ``WorkerThread``."""

    def __init__(self, thread_cls, nums):
        self.workers = {}
        for i in range(int(nums)):
            handle = "Process-0-Thread-%d" % i
            worker = WorkerThread(handle)
            worker.setStreamHandleThreadClass(thread_cls)
            worker.start()
            self.workers[handle] = worker
        self.lock = threading.Lock()

    def get_thread(self, handle):
        return self.workers.get(handle)

    def get_idle_thread_handle(self):
        """An idle handle and its thread, now taken, or (None, None) when all are busy."""
        with self.lock:
            for handle, worker in self.workers.items():
                if worker.idle:
                    worker.is_idle = False
                    return handle, worker
        return None, None


class SessionManager:
    """The session handle pool of a wrapper (``WrapperBase.session``)."""

    def __init__(self):
        self.wrapperConfig = {}
        self.mode = THREAD_MODE
        self.handle_pool = None
        self.initialized = False

    def init_wrapper_config(self, config={}):
        self.wrapperConfig = config

    def init_handle_pool(self, mode, nums, ReqThreadCls=StreamHandleThread):
        # The original's process mode never worked; threads serve both.
        self.mode = mode
        self.handle_pool = ThreadPool(ReqThreadCls, nums)
        self.initialized = True

    def get_session(self, handle):
        return self.handle_pool.get_thread(handle) if self.handle_pool is not None else None

    def get_idle_handle(self):
        """An idle handle, now taken, or None when every handle is busy."""
        if self.handle_pool is None:
            return None
        return self.handle_pool.get_idle_thread_handle()[0]

    def set_idle_session(self, handle):
        worker = self.get_session(handle)
        if worker is not None:
            worker.is_idle = True

    def reset_session(self, handle):
        worker = self.get_session(handle)
        if worker is not None:
            worker.reset()

    def push_back(self, handle):
        self.reset_session(handle)
