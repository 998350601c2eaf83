#!/bin/sh
# Installs Debian's Prometheus Alertmanager when it is absent: test/hooks/alertmanager.test.ts starts it on a
# free port to check the window's silence (.ci/run calls this before the tests; under CI=true the test fails
# without it). Only the binary is used: the package's own service is not needed by the tests.
set -eu
if command -v prometheus-alertmanager >/dev/null 2>&1; then
  exit 0
fi
sudo=''
if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends prometheus-alertmanager
