"""``python3 -m aiges create -n NAME [-p PATH]``: scaffolds a wrapper project.
``python3 -m aiges sign URL NAME SECRET``: signs a request for ``[auth] mode = "hmac"`` (see aiges.auth).
"""

import argparse
import sys

from aiges import auth
from aiges.cmd.create import create


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m aiges", description="aiges Python SDK tools")
    commands = parser.add_subparsers(dest="command", required=True)
    create_cmd = commands.add_parser("create", help="create a wrapper project that aiges serves as it is")
    create_cmd.add_argument("-n", "--name", default="wrapperDemo", help="project (and service) name")
    create_cmd.add_argument("-p", "--path", default="./", help="folder to create the project in")
    sign_cmd = commands.add_parser("sign", help="sign a request for [auth] mode = \"hmac\": print the headers,"
                                                " POST a body, or print a signed WebSocket URL")
    sign_cmd.add_argument("url", help="http(s)://HOST:PORT/PATH, or ws(s):// with --websocket")
    sign_cmd.add_argument("client", help="the client NAME of the keys file")
    sign_cmd.add_argument("secret", nargs="?", help="the client's SECRET (or --secret-file)")
    sign_cmd.add_argument("--secret-file", help="a file holding the SECRET")
    sign_cmd.add_argument("--body", help="POST this file and print the status and answer")
    sign_cmd.add_argument("--websocket", action="store_true", help="print the URL with the signature in its query")
    sign_cmd.add_argument("--date", help="sign with this RFC 1123 date instead of now")
    args = parser.parse_args(argv)
    if args.command == "sign":
        return _sign(parser, args)
    project = create(args.name, args.path)
    print("created %s: run it with  aiges serve -c %s/aiges.toml -s %s" % (project, project, args.name))
    return 0


def _sign(parser, args):
    if (args.secret is None) == (args.secret_file is None):
        parser.error("sign: give the SECRET or --secret-file, one of them")
    if args.secret_file:
        with open(args.secret_file, encoding="utf-8") as f:
            args.secret = f.read().strip()
    if args.websocket:
        print(auth.signed_ws_url(args.url, args.client, args.secret, args.date))
        return 0
    if args.body:
        with open(args.body, "rb") as f:
            status, answer = auth.post(args.url, f.read(), args.client, args.secret)
        print(status)
        print(answer)
        return 0 if status // 100 == 2 else 1
    for key, value in auth.sign(args.client, args.secret, "POST", args.url, args.date).items():
        print("%s: %s" % (key, value))
    return 0


if __name__ == "__main__":
    sys.exit(main())
