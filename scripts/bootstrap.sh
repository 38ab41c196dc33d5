#!/usr/bin/env bash
# Installs everything Virtdesk needs on a fresh Debian 12 machine: the Debian
# packages (through sudo when not root), the npm packages, and our libvirt binding.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-deps.sh
npm ci --no-audit --no-fund
npm run --silent build:native

# The Electron binary comes from a download that .npmrc keeps out of `npm ci`.
# Try it once; where it cannot be fetched, `npm start` explains and `npm run web` works.
if [ ! -e node_modules/electron/path.txt ] && [ -z "${ELECTRON_OVERRIDE_DIST_PATH:-}" ]; then
  if ! timeout 120 node node_modules/electron/install.js >/dev/null 2>&1; then
    echo "bootstrap: the Electron binary could not be downloaded here; use \`npm run web\` for the browser UI."
  fi
fi
echo "bootstrap: done"
