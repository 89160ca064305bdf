"""aiges.auth signs as docs/security.md says: the worked example there, value by value."""

import base64
import http.server
import io
import threading
import unittest
import urllib.parse
from contextlib import redirect_stdout

from aiges import auth
from aiges.__main__ import main

NAME = "docs-client"
SECRET = "docs-example-secret-0123456789"
DATE = "Wed, 02 Dec 2026 08:00:00 GMT"
SIGNED = "host: localhost:1888\ndate: Wed, 02 Dec 2026 08:00:00 GMT\nPOST /v1/svcName HTTP/1.1"
SIG = "0oypsAIycwRcuS/VIhq4KpU/PX6JJNazE8C5DNip1tQ="
PARAMS = ('api_key="docs-client", algorithm="hmac-sha256", headers="host date request-line", '
          'signature="0oypsAIycwRcuS/VIhq4KpU/PX6JJNazE8C5DNip1tQ="')
AUTHORIZATION = ("YXBpX2tleT0iZG9jcy1jbGllbnQiLCBhbGdvcml0aG09ImhtYWMtc2hhMjU2IiwgaGVhZGVycz0iaG9zdCBkYXRlIHJlcXVlc3QtbGlu"
                 "ZSIsIHNpZ25hdHVyZT0iMG95cHNBSXljd1JjdVMvVklocTRLcFUvUFg2SkpOYXpFOEM1RE5pcDF0UT0i")


class WorkedExampleTest(unittest.TestCase):
    def test_every_intermediate_value(self):
        self.assertEqual(auth.string_to_sign("localhost:1888", DATE, "POST", "/v1/svcName"), SIGNED)
        self.assertEqual(auth.signature(SECRET, SIGNED), SIG)
        self.assertEqual(auth.authorization_params(NAME, SIG), PARAMS)

    def test_sign_gives_the_three_values(self):
        self.assertEqual(auth.sign(NAME, SECRET, "POST", "http://localhost:1888/v1/svcName", DATE),
                         {"host": "localhost:1888", "date": DATE, "authorization": AUTHORIZATION})
        # The path is signed without the query string; a URL may leave the scheme out.
        self.assertEqual(auth.sign(NAME, SECRET, "post", "localhost:1888/v1/svcName?x=1", DATE)["authorization"],
                         AUTHORIZATION)

    def test_the_host_is_the_host_header(self):
        self.assertEqual(auth.sign(NAME, SECRET, "POST", "https://example.com:443/v1/a", DATE)["host"], "example.com")
        self.assertEqual(auth.sign(NAME, SECRET, "POST", "http://[::1]:1888/v1/a", DATE)["host"], "[::1]:1888")

    def test_the_date_defaults_to_now_in_rfc_1123(self):
        self.assertRegex(auth.sign(NAME, SECRET, "POST", "http://h/v1/a")["date"],
                         r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$")

    def test_a_websocket_url_carries_the_values_in_its_query(self):
        url = auth.signed_ws_url("ws://localhost:1888/v1/svcName", NAME, SECRET, DATE)
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
        self.assertTrue(url.startswith("ws://localhost:1888/v1/svcName?host=localhost%3A1888&date=Wed%2C%2002%20Dec"))
        self.assertEqual(query["date"], [DATE])
        params = base64.b64decode(query["authorization"][0]).decode()
        expected = auth.signature(SECRET, SIGNED.replace("POST", "GET"))
        self.assertEqual(params, auth.authorization_params(NAME, expected))

    def test_the_command_line_prints_the_headers(self):
        out = io.StringIO()
        with redirect_stdout(out):
            self.assertEqual(main(["sign", "http://localhost:1888/v1/svcName", NAME, SECRET, "--date", DATE]), 0)
        self.assertEqual(out.getvalue(), "host: localhost:1888\ndate: %s\nauthorization: %s\n" % (DATE, AUTHORIZATION))


class PostTest(unittest.TestCase):
    def test_post_sends_the_signed_headers_and_body(self):
        seen = {}

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                seen.update(line=self.requestline, host=self.headers["host"], date=self.headers["date"],
                            authorization=self.headers["authorization"],
                            body=self.rfile.read(int(self.headers["content-length"])))
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b'{"result": 7}')

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            url = "http://127.0.0.1:%d/v1/svcName?x=1" % server.server_address[1]
            self.assertEqual(auth.post(url, '{"a": 1}', NAME, SECRET), (200, '{"result": 7}'))
        finally:
            server.shutdown()
            server.server_close()
        self.assertEqual(seen["line"], "POST /v1/svcName?x=1 HTTP/1.1")
        self.assertEqual(seen["body"], b'{"a": 1}')
        self.assertEqual(seen["host"], "127.0.0.1:%d" % server.server_address[1])
        expected = auth.sign(NAME, SECRET, "POST", "http://%s/v1/svcName" % seen["host"], seen["date"])
        self.assertEqual(seen["authorization"], expected["authorization"])


if __name__ == "__main__":
    unittest.main()
