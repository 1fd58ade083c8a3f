#!/usr/bin/env bash
# End-to-end test of the packaged VS Code extension in code-server (VS Code in
# the browser), driven by Debian's Chromium through puppeteer-core (e2e.mjs).
#
#   editors/vscode/test-e2e/run.sh /path/to/factcheck
#
# Needs (.ci/run installs them): Node >= 22.12 first on PATH (code-server
# 4.139 and puppeteer-core want it), `code-server` (CODE_SERVER, default
# `code-server` on PATH), `chromium` (CHROMIUM, default /usr/bin/chromium), and
# the .vsix made by `npm run package` in editors/vscode (editors/ci.sh).
#
# Installs the .vsix into a fresh user-data and extensions folder, writes the
# user settings (factcheck.server.path = the given binary), copies examples/
# to a temporary workspace, starts code-server on a free port in its own
# process group, runs e2e.mjs and kills the whole group at the end (code-server
# keeps the extension host and the language server alive after the page
# closes). Screenshots and logs go to FACTCHECK_E2E_OUT (default
# target/e2e/vscode in the repository), which the script prints.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"

server="${1:-$repo/target/debug/factcheck}"
case "$server" in /*) ;; *) server="$(pwd)/$server" ;; esac
[ -x "$server" ] || { echo "run.sh: factcheck binary not found: $server" >&2; exit 2; }

code_server="${CODE_SERVER:-$(command -v code-server || true)}"
[ -n "$code_server" ] && [ -x "$code_server" ] || { echo "run.sh: code-server not found (set CODE_SERVER)" >&2; exit 2; }
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] || { echo "run.sh: Chromium not found: $CHROMIUM (apt-get install chromium)" >&2; exit 2; }
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 22 ] || { echo "run.sh: Node >= 22.12 needed first on PATH, found $(node --version)" >&2; exit 2; }

vsix="$(ls -t "$repo"/editors/vscode/factcheck-*.vsix 2>/dev/null | head -n 1 || true)"
[ -n "$vsix" ] || { echo "run.sh: no editors/vscode/factcheck-*.vsix; run editors/ci.sh (npm run package) first" >&2; exit 2; }

out="${FACTCHECK_E2E_OUT:-$repo/target/e2e/vscode}"
rm -rf "$out"
mkdir -p "$out"
echo "run.sh: screenshots and logs in $out"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/factcheck-vscode-e2e.XXXXXX")"
user_data="$tmp/user-data"
extensions="$tmp/extensions"
workspace="$tmp/workspace"
mkdir -p "$user_data/User" "$user_data/Machine" "$extensions"
cp -r "$repo/examples" "$workspace"

cat >"$user_data/User/settings.json" <<EOF
{
  "factcheck.server.path": "$server",
  "factcheck.trace.server": "off",
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.disableAIFeatures": true,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "editor.hover.delay": 300,
  "editor.lightbulb.enabled": "off",
  "files.autoSave": "off"
}
EOF

# code-server is a remote set-up: machine-scoped settings such as
# factcheck.server.path (machine-overridable) are read from Machine/, not User/.
cat >"$user_data/Machine/settings.json" <<EOF
{
  "factcheck.server.path": "$server"
}
EOF

cs_pid=""
cleanup() {
  local status=$?
  if [ -n "$cs_pid" ]; then
    # The whole process group: code-server, its extension host, the server.
    kill -TERM -- "-$cs_pid" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      ps -o pid= -s "$cs_pid" >/dev/null 2>&1 || break
      sleep 0.5
    done
    kill -KILL -- "-$cs_pid" 2>/dev/null || true
    sleep 0.5
    if left="$(ps -o pid=,args= -s "$cs_pid" 2>/dev/null)"; then
      echo "run.sh: processes left in code-server's group:" >&2
      echo "$left" >&2
      status=1
    else
      echo "run.sh: code-server and its children are gone"
    fi
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t0=$(date +%s)
echo "run.sh: installing $(basename "$vsix") into code-server ($("$code_server" --version | head -n 1))"
"$code_server" --user-data-dir "$user_data" --extensions-dir "$extensions" \
  --install-extension "$vsix" >"$out/install.log" 2>&1 || { cat "$out/install.log" >&2; exit 1; }

port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
# setsid: its own process group, so that cleanup() reaches every child.
setsid "$code_server" --auth none --bind-addr "127.0.0.1:$port" --disable-workspace-trust \
  --disable-telemetry --disable-update-check --disable-getting-started-override \
  --user-data-dir "$user_data" --extensions-dir "$extensions" "$workspace" \
  >"$out/code-server.log" 2>&1 </dev/null &
cs_pid=$!
for _ in $(seq 1 120); do
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "http://127.0.0.1:$port/healthz"; then
    break
  fi
  kill -0 "$cs_pid" 2>/dev/null || { cat "$out/code-server.log" >&2; echo "run.sh: code-server exited" >&2; exit 1; }
  sleep 0.5
done
echo "run.sh: code-server up on port $port after $(( $(date +%s) - t0 )) s"

cd "$here"
FACTCHECK_E2E_URL="http://127.0.0.1:$port/?folder=$workspace" \
FACTCHECK_E2E_WORKSPACE="$workspace" \
FACTCHECK_E2E_OUT="$out" \
  timeout 300 node e2e.mjs
echo "run.sh: e2e finished after $(( $(date +%s) - t0 )) s"
