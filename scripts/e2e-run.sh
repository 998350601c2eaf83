#!/bin/sh
# `npm run test:e2e` and `npm run test:browser`: builds the bot as `npm start` would, then runs one project
# of test/e2e/jest.config.js inside a private network namespace whose only interface is loopback, so no
# connection can leave this machine. Where no namespace can be made, it says so and runs on the host.
#   scripts/e2e-run.sh e2e|browser [jest arguments...]
set -eu
cd "$(dirname "$0")/.."
project="${1:?usage: scripts/e2e-run.sh e2e|browser [jest arguments...]}"
shift
npm run build --silent
# Teams sends no Universal Actions refresh for cards in a channel, and the Playground never does: by default the
# harness does not play it either, so every press is made on a button an un-refreshed message shows.
# E2E_REFRESH=emulate makes the harness send it as Teams would in a group chat.
export E2E_REFRESH="${E2E_REFRESH:-off}"
echo "e2e: E2E_REFRESH=$E2E_REFRESH" >&2
# Node 20 has a WebSocket client only behind a flag (Node 22 has it always).
set -- node --experimental-websocket --disable-warning=ExperimentalWarning node_modules/jest/bin/jest.js \
  --config test/e2e/jest.config.js --selectProjects "$project" --runInBand "$@"
if command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1; then
  # -n needs root; -rn maps the user to root in a new user namespace, where unprivileged ones are allowed.
  for flags in -n -rn; do
    if unshare $flags ip link set lo up 2>/dev/null; then
      export E2E_NETWORK=loopback-only
      exec unshare $flags sh -c 'ip link set lo up && exec "$@"' sh "$@"
    fi
  done
fi
echo "e2e: cannot make a private network namespace (unshare -n); running on the host network." >&2
export E2E_NETWORK=host
exec "$@"
