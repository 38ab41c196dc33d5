#!/usr/bin/env bash
# Builds our libvirt binding (main/libvirt/native) with node-gyp. It lives in its
# own folder so that node-gyp's `clean` never touches build/ (electron-builder's).
# Node's headers come from the machine (Debian/NodeSource install them under
# /usr/include/node) so that no header download is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
args=(rebuild -C main/libvirt/native)
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node_api.h ]; then
  args+=(--nodedir=/usr)
fi
exec npx --no-install node-gyp "${args[@]}" "$@"
