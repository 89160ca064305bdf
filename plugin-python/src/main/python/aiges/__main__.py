"""``python3 -m aiges create -n NAME [-p PATH]``: scaffolds a wrapper project."""

import argparse
import sys

from aiges.cmd.create import create


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m aiges", description="aiges Python SDK tools")
    commands = parser.add_subparsers(dest="command", required=True)
    create_cmd = commands.add_parser("create", help="create a wrapper project that aiges serves as it is")
    create_cmd.add_argument("-n", "--name", default="wrapperDemo", help="project (and service) name")
    create_cmd.add_argument("-p", "--path", default="./", help="folder to create the project in")
    args = parser.parse_args(argv)
    project = create(args.name, args.path)
    print("created %s: run it with  aiges serve -c %s/aiges.toml -s %s" % (project, project, args.name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
