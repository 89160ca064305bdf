#!/usr/bin/env bash
# What the tests need besides a JDK, installed with the system's package manager when missing
# (apt on Debian and Ubuntu): run by ./run-tests before Maven. As root it installs; otherwise
# through sudo when there is one; otherwise it names the packages to install and stops.
# AIGES_SKIP_TEST_DEPS=1 skips the check (a machine prepared some other way).
set -euo pipefail

[[ ${AIGES_SKIP_TEST_DEPS:-} == 1 ]] && exit 0

missing=()
# The tests compile C engines with gcc and g++ (and make, for examples/c and `aiges create --lang c`).
command -v gcc >/dev/null || missing+=(gcc libc6-dev)
command -v g++ >/dev/null || missing+=(g++)
command -v make >/dev/null || missing+=(make)
# Python engines run on Debian's /usr/bin/python3; one test computes with Debian's numpy (PyPI is not reachable).
[[ -x /usr/bin/python3 ]] || missing+=(python3)
/usr/bin/python3 -c "import numpy" 2>/dev/null || missing+=(python3-numpy)
# The streaming demo page and Swagger UI are tested in headless Chromium through its chromedriver.
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
# Async jobs on Redis Streams: the tests start their own redis-server on a free loopback port.
command -v redis-server >/dev/null || missing+=(redis-server)
# deploy/kubernetes is validated by node (npm ci of deploy/validate's pinned lockfile).
command -v npm >/dev/null || missing+=(nodejs npm)

((${#missing[@]})) || exit 0

if ! command -v apt-get >/dev/null; then
    echo "run-tests: the tests need these (Debian package names): ${missing[*]}; install them, or set AIGES_SKIP_TEST_DEPS=1" >&2
    exit 1
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then
    if ! command -v sudo >/dev/null; then
        echo "run-tests: the tests need: sudo apt-get install ${missing[*]} (run that as root, then again)" >&2
        exit 1
    fi
    sudo="sudo"
fi
echo "run-tests: installing what the tests need: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
