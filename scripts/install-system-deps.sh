#!/usr/bin/env bash
# Install every Debian package virtdesk needs to build, test and run its
# integration/e2e suites (libvirt + QEMU/TCG, the native addon toolchain,
# headless Chromium, the tiny test guest builder).
#
# Usage: scripts/install-system-deps.sh [--dry-run]
#   --dry-run   only print which packages are missing (exit 0 either way)
#
# Idempotent and CI-safe:
#   * when every package is already installed (checked with dpkg-query) it
#     returns immediately without touching apt;
#   * `apt-get update` only runs when needed: no package lists at all, a missing
#     package has no install candidate, or the first install attempt failed
#     (stale lists -> 404); then it retries once;
#   * runs as root directly, otherwise through `sudo -n`;
#   * DEBIAN_FRONTEND=noninteractive, --no-install-recommends.
set -euo pipefail

PACKAGES=(
  # libvirt daemon + client library/headers (native addon links libvirt.so)
  libvirt-daemon-system
  libvirt-clients
  libvirt-dev
  dnsmasq-base          # libvirt's "default" NAT network needs dnsmasq
  iproute2              # libvirt network driver shells out to `ip`
  # emulator (TCG: CI has no usable /dev/kvm)
  qemu-system-x86
  qemu-utils
  # node-gyp toolchain for the native addon
  pkg-config
  python3
  make
  g++
  # e2e / screenshots
  chromium
  fonts-dejavu-core     # so headless screenshots have glyphs
  # test/guest/build.sh: busybox initramfs + kernel deb extraction
  busybox-static
  cpio
  xz-utils
  gzip
  # ssh-transport tests (qemu+ssh://localhost)
  openssh-server
  openssh-client
  # auth prompt tests: saslpasswd2 makes the login of a private SASL libvirtd
  sasl2-bin
  # New VM wizard: the OS database and media detection (osinfo-detect),
  # ISO fixtures for detection tests, XML schema checks of built domains
  osinfo-db
  libosinfo-bin
  xorriso
  libxml2-utils         # xmllint, which virt-xml-validate needs
  # New VM wizard, for real: UEFI guests (OVMF firmware and its descriptors in
  # /usr/share/qemu/firmware, which libvirt's firmware auto-selection reads)
  ovmf
  # emulated TPM 2.0 (Windows 11 profiles); swtpm_setup is in swtpm-tools
  swtpm
  swtpm-tools
  # a bootable ISO of the tiny guest (grub-mkrescue, BIOS boot; mtools for
  # its FAT image) for the install-media-detached-on-reboot test
  grub-pc-bin
  grub-common
  mtools
)

DRY_RUN=0
for arg in "$@"; do
  case "$arg" in
    --dry-run) DRY_RUN=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "install-system-deps: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

log() { echo "install-system-deps: $*" >&2; }

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  log "all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

log "missing: ${missing[*]}"
if ((DRY_RUN)); then exit 0; fi

if [[ $(id -u) -eq 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo -n)
else
  log "not root and sudo is not available; install as root: apt-get install ${missing[*]}"
  exit 1
fi

APT_ENV=(env DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=a)
APT_OPTS=(-y -q --no-install-recommends -o Dpkg::Use-Pty=0
          -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)

apt_update() {
  log "apt-get update"
  "${SUDO[@]}" "${APT_ENV[@]}" apt-get update -q -o Dpkg::Use-Pty=0 >&2
}

need_update=0
if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
  need_update=1
else
  for p in "${missing[@]}"; do
    cand=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2; exit}')
    if [[ -z "$cand" || "$cand" == "(none)" ]]; then need_update=1; break; fi
  done
fi
((need_update)) && apt_update

if ! "${SUDO[@]}" "${APT_ENV[@]}" apt-get install "${APT_OPTS[@]}" "${missing[@]}" >&2; then
  if ((need_update)); then exit 1; fi
  log "install failed; refreshing package lists and retrying once"
  apt_update
  "${SUDO[@]}" "${APT_ENV[@]}" apt-get install "${APT_OPTS[@]}" "${missing[@]}" >&2
fi
log "installed: ${missing[*]}"
