#!/bin/sh
# Runs the unit and integration tests (jest) on Node 24 LTS. When the machine's node is not 24, the `node@24`
# package from the npm registry brings a Node 24 binary into a temporary prefix (nothing is installed
# globally). Any arguments go to jest.
set -eu
cd "$(dirname "$0")/.."
if node --version | grep -q '^v24\.'; then
  NODE24=node
else
  prefix="$(mktemp -d)"
  trap 'rm -rf "$prefix"' EXIT
  # mktemp makes the folder 0700; tests that run the bot as another user (nobody, to see EACCES as root)
  # must be able to run this node, as they can run the machine's own.
  chmod 755 "$prefix"
  npm install --prefix "$prefix" --no-save --no-package-lock --loglevel=error node@24 >/dev/null
  NODE24="$prefix/node_modules/node/bin/node"
  if ! "$NODE24" --version >/dev/null 2>&1; then
    echo "jest-on-node24: the node@24 package gave no working binary at $NODE24" >&2
    exit 1
  fi
fi
echo "Unit and integration tests on Node $("$NODE24" --version)"
"$NODE24" node_modules/jest/bin/jest.js "$@"
