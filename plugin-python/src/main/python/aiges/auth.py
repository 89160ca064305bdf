"""Signs requests for aiges with ``[auth] mode = "hmac"`` (iFlytek's open-platform scheme), with the
standard library only. A request carries ``host``, ``date`` and ``authorization``: as HTTP headers,
or for a WebSocket upgrade as query parameters. The exact string signed is in docs/security.md.

    from aiges import auth
    status, answer = auth.post("http://localhost:1888/v1/svcName", body, "my-client", secret)
    headers = auth.sign("my-client", secret, "POST", "http://localhost:1888/v1/svcName")
    url = auth.signed_ws_url("ws://localhost:1888/v1/svcName", "my-client", secret)

From a shell: ``python3 -m aiges sign URL NAME SECRET --body request.json`` (see ``--help``).
"""

import base64
import email.utils
import hashlib
import hmac
import urllib.error
import urllib.parse
import urllib.request

_DEFAULT_PORTS = {"http": 80, "ws": 80, "https": 443, "wss": 443}


def now():
    """The date header for now: RFC 1123, GMT (``Wed, 02 Dec 2026 08:00:00 GMT``)."""
    return email.utils.formatdate(usegmt=True)


def string_to_sign(host, date, method, path):
    """The text signed: host, date and the request line, one a line."""
    return "host: %s\ndate: %s\n%s %s HTTP/1.1" % (host, date, method, path)


def signature(secret, text):
    """base64(HMAC-SHA256(secret, text))."""
    digest = hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def authorization_params(name, sig):
    """The authorization value before its base64."""
    return 'api_key="%s", algorithm="hmac-sha256", headers="host date request-line", signature="%s"' % (name, sig)


def _host_and_path(url):
    """The Host header a client sends for ``url`` (its port unless the scheme's own) and the path as sent.

    ``url`` may also be ``host:port/path``, without a scheme (then http).
    """
    parts = urllib.parse.urlsplit(url if "://" in url else "http://" + url)
    host = parts.hostname
    if ":" in host:
        host = "[%s]" % host
    if parts.port is not None and parts.port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        host = "%s:%d" % (host, parts.port)
    return host, parts.path or "/"


def sign(name, secret, method, url, date=None):
    """The three values that sign ``method url`` for client ``name``: a dict with ``host``, ``date``
    and ``authorization``. ``date`` defaults to now; the server accepts it within 300 s of its clock.
    """
    host, path = _host_and_path(url)
    date = date or now()
    params = authorization_params(name, signature(secret, string_to_sign(host, date, method.upper(), path)))
    return {"host": host, "date": date, "authorization": base64.b64encode(params.encode("utf-8")).decode("ascii")}


def signed_ws_url(url, name, secret, date=None):
    """``url`` (``ws://`` or ``wss://``) with host, date and authorization added to its query: an
    upgrade is a GET, and a browser's WebSocket cannot set headers."""
    signed = sign(name, secret, "GET", url, date)
    query = urllib.parse.urlencode(signed, quote_via=urllib.parse.quote)
    base = url.split("#", 1)[0]
    return base + ("&" if urllib.parse.urlsplit(base).query else "?") + query


def post(url, body, name, secret, content_type="application/json", timeout=60):
    """POSTs ``body`` (bytes or str) signed for ``name``; returns (HTTP status, answer text), refusals too."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    headers = sign(name, secret, "POST", url)
    headers["content-type"] = content_type
    request = urllib.request.Request(url, data=data, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
