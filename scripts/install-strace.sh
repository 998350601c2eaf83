#!/bin/sh
# Installs Debian's strace when it is absent: the store's syscall-order and aimed crash tests run the store
# under `strace -f` (.ci/run calls this before the tests; under CI=true they fail without strace).
set -eu
if command -v strace >/dev/null 2>&1; then
  exit 0
fi
sudo=''
if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends strace
