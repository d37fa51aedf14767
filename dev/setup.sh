#!/usr/bin/env bash
# Installs what `npm start` (mode: start) or `npm test` (mode: test) needs on a fresh Debian machine:
# system packages via apt-get when root (else prints the exact command), npm packages, the PWA build.
set -euo pipefail
mode="${1:-start}"
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }

# Node >= 20.19 (vite 8, vite-plugin-pwa).
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  say "Node.js >= 20.19 is required (found $(node --version))"; exit 1
fi

need=(git caddy)
[ "$mode" = test ] && need+=(chromium)
missing=()
for pkg in "${need[@]}"; do command -v "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" ca-certificates >/dev/null
  else
    say "missing: ${missing[*]}. Install them with:"
    say "  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
fi

# npm packages. Not `npm ci`: opencode-ai lists a binary package per platform as optional, and a
# registry that lacks some of them leaves them out of the lock file, which `npm ci` rejects.
# `npm install` honours the lock file all the same and skips the missing optional packages.
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm install --no-audit --no-fund --loglevel=error
elif [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "package-lock.json changed: npm install"
  npm install --no-audit --no-fund --loglevel=error
fi

# The PWA build that Caddy serves: rebuilt when any of its sources is newer than the last build.
if [ "$mode" = start ]; then
  if [ ! -f pwa/dist/index.html ] || [ -n "$(find pwa/src pwa/index.html pwa/vite.config.ts pwa/public -newer pwa/dist/index.html -print -quit 2>/dev/null)" ]; then
    say "building the PWA"
    npm run build --silent -w pwa >/dev/null
  fi
fi
