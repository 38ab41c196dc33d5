#!/usr/bin/env bash
# Runs the native libvirt binding under valgrind memcheck: a focused driver
# (test/native-memcheck/driver.mjs) calls every method once against test:///
# and, when it answers, qemu:///system. Node under valgrind is ~30x slower, so
# this is a plain script rather than the vitest suites.
#
# Usage: npm run test:native-memcheck      (or: bash scripts/native-memcheck.sh)
#
# Fails (exit 1) on any memcheck error (invalid read/write, use of
# uninitialised memory, bad free...) or definite leak that the suppressions in
# test/native-memcheck/node.supp (Node/V8/glibc noise only) do not cover, and
# when a driver step fails. Installs valgrind with apt-get when missing and
# rebuilds the addon when a source file is newer than it.
set -uo pipefail
cd "$(dirname "$0")/.."
ME=native-memcheck

if ! command -v valgrind >/dev/null 2>&1; then
  echo "$ME: valgrind not found; installing it with apt-get" >&2
  SUDO=()
  [[ $(id -u) -eq 0 ]] || SUDO=(sudo -n)
  "${SUDO[@]}" apt-get install -y -q valgrind >&2 ||
    { "${SUDO[@]}" apt-get update -q >&2 && "${SUDO[@]}" apt-get install -y -q valgrind >&2; } ||
    { echo "$ME: could not install valgrind" >&2; exit 1; }
fi

ADDON=main/libvirt/native/build/Release/virtdesk_libvirt.node
if [[ ! -f $ADDON ]] || [[ -n $(find main/libvirt/native -maxdepth 1 \( -name '*.cc' -o -name '*.h' -o -name binding.gyp \) -newer "$ADDON" -print -quit) ]]; then
  echo "$ME: building the addon" >&2
  npm run --silent build:native >/dev/null || { echo "$ME: build failed (run npm run build:native)" >&2; exit 1; }
fi

LOG=$(mktemp "${TMPDIR:-/tmp}/native-memcheck.XXXXXX.log")
echo "$ME: running test/native-memcheck/driver.mjs under valgrind (about a minute); full log: $LOG" >&2
valgrind --tool=memcheck \
  --error-exitcode=1 \
  --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
  --num-callers=40 \
  --suppressions=test/native-memcheck/node.supp \
  --log-file="$LOG" \
  node --expose-gc test/native-memcheck/driver.mjs
rc=$?

summary=$(grep -E 'ERROR SUMMARY|definitely lost:|indirectly lost:' "$LOG" | sed 's/^==[0-9]*== *//')
echo "$ME: valgrind summary:"
echo "$summary" | sed 's/^/  /'
errors=$(grep -oE 'ERROR SUMMARY: [0-9]+' "$LOG" | grep -oE '[0-9]+$' || echo '?')
if [[ $rc -ne 0 || $errors != 0 ]]; then
  echo "$ME: FAILED (exit $rc, $errors memcheck error(s)). Reports:" >&2
  # Each report is a block of "==pid==" lines; print the ones that are errors.
  awk '/^==[0-9]+== *$/ {if (blk ~ /(Invalid|uninitialised|definitely lost in|Mismatched|free\(\))/) printf "%s", blk; blk=""; next}
       {blk = blk $0 "\n"}' "$LOG" >&2
  exit 1
fi
rm -f "$LOG"
echo "$ME: passed: no memcheck errors and no definite leaks"
