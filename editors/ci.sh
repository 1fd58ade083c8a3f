#!/usr/bin/env bash
# Builds, lints, packages and tests the VS Code extension.
#
#   editors/ci.sh /path/to/factcheck
#
# The first argument is the factcheck server binary used by the end-to-end test
# (default: target/debug/factcheck of the repository). Installs nothing besides
# the npm packages in editors/vscode/package-lock.json (npm ci); needs Node.js >= 20.
# The Neovim end-to-end test runs from `cargo test` (tests/neovim_e2e.rs); the
# extension's end-to-end test in code-server is editors/vscode/test-e2e/run.sh,
# which uses the .vsix this script packages (.ci/run calls both).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"

server="${1:-$repo/target/debug/factcheck}"
case "$server" in
  /*) ;;
  *) server="$(pwd)/$server" ;;
esac
if [ ! -x "$server" ]; then
  # Build, lint and package still run; npm test then fails with the same message.
  echo "editors/ci.sh: factcheck server binary not found or not executable: $server" >&2
  echo "editors/ci.sh: build it first (cargo build) and pass its path as the first argument" >&2
fi

step() {
  echo
  echo "=== editors/vscode: $* ==="
}

cd "$here/vscode"
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

step "npm ci"
npm ci --no-audit --no-fund
step "npm run compile"
npm run compile
step "npm run lint"
npm run lint
step "npm run package"
rm -f ./*.vsix
npm run package
ls -l ./*.vsix
step "npm test (FACTCHECK_SERVER=$server)"
FACTCHECK_SERVER="$server" npm test
