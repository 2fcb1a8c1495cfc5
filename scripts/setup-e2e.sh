#!/usr/bin/env bash
# Installs what the end-to-end tests need, idempotently, from the npm registry and Debian apt only:
# code-server (the real VS Code workbench and a Node extension host) into .e2e/code-server, and
# Debian's chromium for playwright-core. Recipe: docs of e2e-in-code-server (proven on this machine).
# Re-running is a no-op once the stamp file exists and code-server starts.
# usage: scripts/setup-e2e.sh [PREFIX]     (default PREFIX: <repo>/.e2e/code-server)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CS_VERSION="${CS_VERSION:-4.100.3}"          # 4.100.x = VS Code 1.100.x, the newest that runs on Node 20
PREFIX="${1:-$ROOT/.e2e/code-server}"
CS="$PREFIX/node_modules/code-server"
STAMP="$PREFIX/.e2e-installed-$CS_VERSION"
NPM="npm --no-audit --no-fund --loglevel=error"

have_apt_packages() {
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || return 1; done
}

# 1. Debian packages: the node-gyp toolchain (headers come from /usr/include/node, so nothing is
#    downloaded), kerberos headers, ripgrep (replaces @vscode/ripgrep's GitHub download), chromium.
APT_PACKAGES="build-essential python3 pkg-config libkrb5-dev ripgrep chromium"
if ! have_apt_packages $APT_PACKAGES; then
    need=""
    for p in $APT_PACKAGES; do dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"; done
    if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
        echo "setup-e2e: missing Debian packages:$need" >&2
        echo "  install them with: sudo apt-get install -y --no-install-recommends$need" >&2
        exit 1
    fi
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    echo "setup-e2e: apt-get install$need"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need
fi

# playwright-core is a devDependency of the project (npm ci installs it).
if [ ! -f "$ROOT/node_modules/playwright-core/package.json" ]; then
    echo "setup-e2e: playwright-core is missing; run: npm ci" >&2
    exit 1
fi

if [ -f "$STAMP" ] && node "$CS/out/node/entry.js" --version >/dev/null 2>&1; then
    echo "setup-e2e: code-server $CS_VERSION already installed in $CS; chromium: $(command -v chromium)"
    exit 0
fi

# node-gyp must use the local headers (/usr/include/node) instead of downloading them.
[ -f /usr/include/node/node_api.h ] && export npm_config_nodedir="${npm_config_nodedir:-/usr}"

# 2. code-server itself. Its postinstall would run `npm install` in lib/vscode, whose
#    @vscode/ripgrep postinstall downloads from GitHub, so scripts are skipped and redone by hand.
mkdir -p "$PREFIX"
cd "$PREFIX"
[ -f package.json ] || echo '{ "private": true }' > package.json
$NPM install --ignore-scripts "code-server@$CS_VERSION"
# argon2: node-pre-gyp tries GitHub (fails fast offline), then --fallback-to-build compiles it.
$NPM rebuild argon2

# 3. The VS Code server's dependencies (pinned by lib/vscode/npm-shrinkwrap.json).
cd "$CS/lib/vscode"
$NPM install --omit=dev --ignore-scripts
# Native modules; without spdlog and native-watchdog every CLI call prints a bindings stack trace.
npm_config_yes=true $NPM rebuild kerberos node-pty @parcel/watcher @vscode/spdlog native-watchdog
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
# What code-server's postinstall.sh does besides npm install.
ln -sfn node_modules node_modules.asar
ln -sfn code-linux.sh bin/remote-cli/code-server
ln -sfn browser-linux.sh bin/helpers/browser.sh

# 4. The built-in extensions' dependencies (typescript etc. for the built-in language features).
cd extensions
$NPM install --omit=dev --ignore-scripts

node "$CS/out/node/entry.js" --version
touch "$STAMP"
echo "setup-e2e: code-server $CS_VERSION installed in $CS; chromium: $(command -v chromium)"
