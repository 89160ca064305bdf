"""The SDK contract wrappers rely on (../shared/spec/python-sdk.md): names, signatures, quirks."""

import importlib
import inspect
import json
import os
import tempfile
import unittest
from unittest import mock


class ImportsTest(unittest.TestCase):
    def test_every_name_a_known_wrapper_imports_exists(self):
        names = {
            "aiges.sdk": ["WrapperBase", "StringParamField", "ImageBodyField", "StringBodyField", "AudioBodyField",
                          "NumberParamField", "IntegerParamField", "BooleanParamField", "JsonBodyField"],
            "aiges.dto": ["Response", "ResponseData", "DataListNode", "DataListCls", "SessionCreateResponse",
                          "callback", "init_rq"],
            "aiges.core.types": ["DataText", "DataAudio", "DataImage", "DataVideo", "DataBegin", "DataContinue",
                                 "DataEnd", "DataOnce", "Once", "STRING", "AUDIO", "IMAGE", "VIDEO", "Types",
                                 "Status", "THREAD_MODE", "PROCESS_MODE"],
            "aiges.types": ["DataText", "Once", "Types", "Status"],
            "aiges.errors": ["OK", "INIT_ERROR", "USER_INIT_ERROR", "USER_EXEC_ERROR"],
            "aiges.utils.log": ["log", "getLogger", "getFileLogger"],
            "aiges.stream": ["StreamHandleThread", "SessionManager"],
        }
        for module, symbols in names.items():
            loaded = importlib.import_module(module)
            for symbol in symbols:
                self.assertTrue(hasattr(loaded, symbol), "%s.%s" % (module, symbol))

    def test_constants_have_the_wire_numbers(self):
        from aiges.core import types
        self.assertEqual((types.DataText, types.DataAudio, types.DataImage, types.DataVideo), (0, 1, 2, 3))
        self.assertEqual((types.DataBegin, types.DataContinue, types.DataEnd, types.DataOnce, types.Once),
                         (0, 1, 2, 3, 3))
        self.assertEqual(types.Types[2], "image")
        self.assertEqual(types.Status[3], "once")
        from aiges import errors
        self.assertEqual((errors.OK, errors.INIT_ERROR, errors.USER_INIT_ERROR, errors.USER_EXEC_ERROR),
                         (0, 30001, 30002, 30003))


class SignaturesTest(unittest.TestCase):
    def params(self, function):
        return [(p.name, p.default) for p in inspect.signature(function).parameters.values()]

    def test_wrapper_base_methods_keep_the_original_signatures(self):
        from aiges.sdk import WrapperBase
        empty = inspect.Parameter.empty
        self.assertEqual(self.params(WrapperBase.wrapperOnceExec),
                         [("cls", empty), ("params", empty), ("reqData", empty), ("usrTag", ""), ("persId", 0)])
        self.assertEqual(self.params(WrapperBase.wrapperCreate),
                         [("cls", empty), ("params", empty), ("sid", empty), ("persId", 0), ("usrTag", "")])
        self.assertEqual(self.params(WrapperBase.__init__),
                         [("self", empty), ("legacy", True), ("is_aipaas", True),
                          ("keep_schema_default_value", True)])
        for name in ("wrapperInit", "wrapperFini", "wrapperError", "wrapperOnceExecAsync", "wrapperLoadRes",
                     "wrapperUnloadRes", "wrapperWrite", "wrapperRead", "wrapperDestroy", "schema"):
            self.assertTrue(callable(getattr(WrapperBase, name)), name)

    def test_field_constructors_take_the_original_arguments(self):
        from aiges import sdk
        sdk.StringParamField("p", minLength=0, maxLength=4, enums=["a"], required=True, value="a",
                             description="d", title="t")
        sdk.NumberParamField("n", minimum=0, maximum=1, enums=[], required=False, value=0.5)
        self.assertEqual(sdk.IntegerParamField("i", 0, 9, [], True, 3).data_type, "integer")
        self.assertEqual(sdk.BooleanParamField("b", title="t", default=True, required=False).value, True)
        self.assertEqual(sdk.StringBodyField("s", value="ctrl").test_value, b"ctrl")
        self.assertEqual(sdk.StringBodyField("s", b"x", False, "utf8", "plain", "raw", 3).test_value, b"x")
        self.assertEqual(sdk.AudioBodyField("a", path="", encoding="raw", format="plain", compress="raw",
                                            status=3).data_type, 1)
        self.assertEqual(sdk.ImageBodyField("i", path="missing.png", need_base64=False, encoding="jpg",
                                            status=3).image, b"<your image base64 here>")
        self.assertEqual(sdk.JsonBodyField("j", value="{}", need_base64=False).data_type, 0)


class BatchDeclarationTest(unittest.TestCase):
    def test_a_wrapper_batches_only_when_it_defines_wrapper_once_exec_batch(self):
        from aiges import _worker
        from aiges.sdk import WrapperBase

        class Plain(WrapperBase):
            def wrapperOnceExec(self, params, reqData):
                return "one:" + params["x"]

        class Batching(Plain):
            def wrapperOnceExecBatch(self, requests):
                return []

        class NoSdk:
            def wrapperOnceExecBatch(self, requests):
                return []

        self.assertFalse(_worker._batches(Plain()))
        self.assertTrue(_worker._batches(Batching()))
        self.assertTrue(_worker._batches(NoSdk()))
        # WrapperBase's default, for calling a wrapper in-process: wrapperOnceExec request by request.
        self.assertEqual(Plain().wrapperOnceExecBatch([({"x": "a"}, None), ({"x": "b"}, None)]), ["one:a", "one:b"])


class DtoTest(unittest.TestCase):
    def test_response_data_ignores_constructor_data_but_takes_assignment_and_set_data(self):
        from aiges.dto import ResponseData
        item = ResponseData("k", b"ignored", 7)
        self.assertEqual((item.data, item.len), (b"", 0))
        item.setData(b"abc")
        self.assertEqual(item.len, 3)
        item.data = b"hello"
        self.assertEqual(item.len, 5)
        item.len = 2
        self.assertEqual(item.len, 2)
        with self.assertRaises(Exception):
            item.setDataType(9)

    def test_response_starts_with_one_empty_item_and_response_err_returns_it(self):
        from aiges.dto import Response
        response = Response()
        self.assertEqual(len(response.list), 1)
        self.assertIs(response.response_err(100), response)
        self.assertEqual(json.loads(response.toJSON())["error_code"], 100)

    def test_data_list_get_finds_the_first_node_by_key(self):
        from aiges.dto import DataListCls, DataListNode
        data = DataListCls([DataListNode("a", b"1"), DataListNode("b", b"2"), DataListNode("a", b"3")])
        self.assertEqual(data.get("a").data, b"1")
        self.assertIsNone(data.get("z"))

    def test_callback_queues_results(self):
        from aiges import dto
        results = dto.init_rq()
        dto.callback("r", "sid-1")
        self.assertEqual(results.get_nowait(), ("sid-1", "r"))


class StreamTest(unittest.TestCase):
    def test_the_handle_pool_runs_the_wrappers_thread_class_as_stream_test_builds_it(self):
        import queue
        from aiges.stream import SessionManager, StreamHandleThread
        started = queue.Queue()

        class MyReqDataThread(StreamHandleThread):
            def __init__(self, session_thread, in_q, out_q):
                super().__init__(session_thread, in_q, out_q)

            def run(self):
                started.put((self.session_thread.handle, self.in_q is self.session_thread.in_q))

        manager = SessionManager()
        manager.init_wrapper_config({"common.lic": "1"})
        manager.init_handle_pool("thread", 1, MyReqDataThread)
        self.assertEqual(started.get(timeout=5), ("Process-0-Thread-0", True))
        handle = manager.get_idle_handle()
        session = manager.get_session(handle)
        session.setup_sid("sid-1")
        session.setup_params({"ctl": "ok"})
        self.assertIsNone(manager.get_idle_handle(), "the only handle is taken")
        session.in_q.put("frame")
        session.reset()
        self.assertEqual((session.sid, session.params, session.in_q.qsize()), ("", {}, 0))
        self.assertEqual(manager.get_idle_handle(), handle)


class SchemaTest(unittest.TestCase):
    def test_metaclass_collects_fields_and_schema_is_the_legacy_json(self):
        from aiges.sdk import WrapperBase, ImageBodyField, StringBodyField, StringParamField

        class Request:
            img = ImageBodyField(key="img")
            ctrl = StringParamField(key="ctrl", maxLength=8, required=True)

        class Reply:
            accept1 = StringBodyField(key="result")

        class Wrapper(WrapperBase):
            serviceId = "mnist"
            version = "v1"
            call_type = 1
            requestCls = Request()
            responseCls = Reply()

        self.assertEqual([f.key for f in Wrapper.__mappings__["inputs"]], ["img"])
        self.assertEqual([f.key for f in Wrapper.__mappings__["accepts"]], ["result"])
        self.assertEqual([f.key for f in Wrapper.__mappings__["params"]], ["ctrl"])
        schema = json.loads(Wrapper().schema())
        self.assertEqual(schema["meta"]["route"], "/v1/private/mnist")
        self.assertEqual(schema["meta"]["call_type"], 1)
        self.assertEqual(schema["meta"]["mnist"]["input"], {"img": {"dataType": "image"}})
        parameter = schema["schemainput"]["properties"]["parameter"]["properties"]["mnist"]
        self.assertEqual(parameter["properties"]["ctrl"], {"type": "string", "maxLength": 8})
        self.assertEqual(parameter["required"], ["ctrl"])
        self.assertIn("text", schema["schemaoutput"]["properties"]["payload"]["properties"]["result"]["properties"])


class LogTest(unittest.TestCase):
    def test_file_logger_falls_back_when_log_app_is_not_writable(self):
        from aiges.utils import log
        makedirs = os.makedirs

        def refuse_log_app(path, exist_ok=False):
            if path.startswith("/log"):
                raise PermissionError(13, "Permission denied", path)
            makedirs(path, exist_ok=exist_ok)

        with tempfile.TemporaryDirectory() as cwd, mock.patch.dict(os.environ, {"AIGES_LOG_DIR": ""}), \
                mock.patch.object(log.os, "makedirs", side_effect=refuse_log_app), \
                mock.patch.object(log.os, "getcwd", return_value=cwd):
            logger = log.getFileLogger(name="fallback-test")
            logger.info("hello")
            self.assertTrue(os.path.isfile(os.path.join(cwd, "log", "app", "fallback-test.log")))
            for handler in logger.handlers:
                handler.close()


if __name__ == "__main__":
    unittest.main()
