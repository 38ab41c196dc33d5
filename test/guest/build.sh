#!/usr/bin/env bash
# Build the tiny bootable test guest used by integration/e2e tests.
#
# Usage: test/guest/build.sh            # build if needed (cached)
#        FORCE=1 test/guest/build.sh    # rebuild from scratch
#        VD_KERNEL_PKG=linux-image-6.1.0-NN-amd64 test/guest/build.sh
#
# Outputs (git-ignored):
#   test/guest/.cache/vmlinuz      Debian's stock kernel, extracted from the
#                                  linux-image-6.1.0-*-amd64 deb (never installed)
#   test/guest/.cache/initrd.img   busybox initramfs (cpio newc + gzip)
#   test/guest/.cache/kernel-version, .cache/stamp (sha256 of this script)
#
# Guest behaviour (boot with cmdline "console=tty0 console=ttyS0,115200"):
#   * prints the banner line "VIRTDESK-GUEST READY" on the serial port (ttyS0)
#     and on the VGA console (tty0), once per boot;
#   * root shell (prompt "vd-guest# ") with job control on ttyS0 and on tty1,
#     respawned by busybox init when it exits;
#   * `reboot -f` resets the machine; the ACPI power button (virsh shutdown)
#     powers it off via busybox acpid -> /etc/acpi/PWRF/00000080 -> poweroff -f
#     (needs button.ko + evdev.ko from the same kernel deb, insmod-ed by /init).
#
# Requirements: apt-get (package lists present), dpkg-deb, busybox-static,
# cpio, gzip, xz-utils (see scripts/install-system-deps.sh). Root is not needed
# unless the package lists have to be refreshed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE="$HERE/.cache"
BANNER='VIRTDESK-GUEST READY'
MODULES=(button evdev)          # loaded in this order (deps are added first)
BUSYBOX=${BUSYBOX:-/bin/busybox}

log() { echo "guest/build: $*" >&2; }
die() { log "error: $*"; exit 1; }

SELF_HASH=$(sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1)
if [[ -z "${FORCE:-}" && -s "$CACHE/vmlinuz" && -s "$CACHE/initrd.img" && -f "$CACHE/stamp" ]] &&
   [[ "$(cat "$CACHE/stamp")" == "$SELF_HASH" ]]; then
  log "up to date: $CACHE (kernel $(cat "$CACHE/kernel-version" 2>/dev/null || echo '?'))"
  exit 0
fi

for tool in apt-cache apt-get dpkg-deb cpio gzip sha256sum; do
  command -v "$tool" >/dev/null || die "missing tool: $tool (run scripts/install-system-deps.sh)"
done
[[ -x "$BUSYBOX" ]] || die "$BUSYBOX not found (apt-get install busybox-static)"
# busybox-static is a static binary; the dynamic 'busybox' package would need libc in the initramfs.
if command -v ldd >/dev/null && ldd "$BUSYBOX" 2>&1 | grep -q '=>'; then
  die "$BUSYBOX is dynamically linked; install busybox-static"
fi

mkdir -p "$CACHE/deb"

# ---------------------------------------------------------------- kernel deb
resolve_kernel_pkg() {
  apt-cache depends linux-image-amd64 2>/dev/null |
    awk '$1 ~ /Depends:/ && $2 ~ /^linux-image-[0-9].*-amd64$/ {print $2; exit}'
}
KPKG=${VD_KERNEL_PKG:-$(resolve_kernel_pkg || true)}
if [[ -z "$KPKG" ]]; then
  log "linux-image-amd64 unknown to apt-cache; running apt-get update"
  if [[ $(id -u) -eq 0 ]]; then apt-get update -q >&2; else sudo -n apt-get update -q >&2; fi
  KPKG=$(resolve_kernel_pkg || true)
fi
[[ -n "$KPKG" ]] || die "cannot resolve linux-image-amd64's versioned dependency"
KVER=${KPKG#linux-image-}          # e.g. 6.1.0-56-amd64
log "kernel package: $KPKG"

shopt -s nullglob
debs=("$CACHE/deb/${KPKG}_"*.deb)
if ((${#debs[@]} == 0)); then
  # drop debs of older kernel ABIs
  rm -f "$CACHE/deb/"*.deb
  log "apt-get download $KPKG"
  apt_opts=(-q)
  # as root apt wants to download as _apt, which may not be able to write into the repo
  [[ $(id -u) -eq 0 ]] && apt_opts+=(-o APT::Sandbox::User=root)
  (cd "$CACHE/deb" && apt-get download "${apt_opts[@]}" "$KPKG" >&2)
  debs=("$CACHE/deb/${KPKG}_"*.deb)
  ((${#debs[@]} > 0)) || die "apt-get download produced no .deb"
fi
DEB=${debs[-1]}
shopt -u nullglob

WORK=$(mktemp -d "$CACHE/work.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

log "extracting $(basename "$DEB") (dpkg-deb -x, not installed)"
dpkg-deb -x "$DEB" "$WORK/deb"
VMLINUZ="$WORK/deb/boot/vmlinuz-$KVER"
[[ -f "$VMLINUZ" ]] || die "no /boot/vmlinuz-$KVER in $DEB"
MODDIR="$WORK/deb/lib/modules/$KVER"
[[ -d "$MODDIR" ]] || die "no /lib/modules/$KVER in $DEB"

# ---------------------------------------------------------------- initramfs
ROOT="$WORK/root"
mkdir -p "$ROOT"/{bin,dev,etc/acpi/PWRF,lib/modules,proc,sys,tmp,root,run}
ln -s bin "$ROOT/sbin"
mkdir -p "$ROOT/usr"
ln -s ../bin "$ROOT/usr/bin"
ln -s ../bin "$ROOT/usr/sbin"
cp "$BUSYBOX" "$ROOT/bin/busybox"
for applet in $("$BUSYBOX" --list); do
  [[ "$applet" == busybox ]] || ln -sf busybox "$ROOT/bin/$applet"
done

# Kernel modules: the deb ships no modules.dep (depmod runs at install time),
# so dependencies come from each module's own .modinfo "depends=" field.
# Modules may be compressed (.ko.xz/.ko.zst/.ko.gz depending on the kernel
# config); busybox insmod wants a plain .ko, so decompress at build time.
find_module() {  # name -> path in the extracted deb
  local name=$1 alt=${1//_/-} f
  f=$(find "$MODDIR/kernel" -type f \( -name "$name.ko*" -o -name "$alt.ko*" \) | head -1)
  [[ -n "$f" ]] || die "kernel module $name not found in $KPKG"
  echo "$f"
}
decompress_module() {  # src dst
  case "$1" in
    *.ko) cp "$1" "$2" ;;
    *.ko.xz) xz -dc "$1" >"$2" ;;
    *.ko.gz) gzip -dc "$1" >"$2" ;;
    *.ko.zst) command -v zstd >/dev/null || die "zstd needed for $1"; zstd -qdc "$1" >"$2" ;;
    *) die "unknown module format: $1" ;;
  esac
}
declare -A SEEN=()
LOAD_ORDER=()
add_module() {
  local name=$1 src dst deps d
  [[ -n "${SEEN[$name]:-}" ]] && return 0
  SEEN[$name]=1
  src=$(find_module "$name")
  dst="$ROOT/lib/modules/$name.ko"
  decompress_module "$src" "$dst"
  deps=$(tr '\0' '\n' <"$dst" | sed -n 's/^depends=//p' | head -1)
  for d in ${deps//,/ }; do add_module "$d"; done
  LOAD_ORDER+=("$name")
}
for m in "${MODULES[@]}"; do add_module "$m"; done
printf '%s\n' "${LOAD_ORDER[@]}" >"$ROOT/etc/modules"
log "modules: ${LOAD_ORDER[*]}"

cat >"$ROOT/init" <<EOF
#!/bin/sh
# virtdesk test guest: PID 1 until it execs busybox init.
export PATH=/bin HOME=/root TERM=linux
mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /tmp
hostname vd-guest
ip link set lo up 2>/dev/null

# ACPI power button -> input event -> acpid -> /etc/acpi/PWRF/00000080
while read -r m; do
  insmod "/lib/modules/\$m.ko" || echo "vd-guest: insmod \$m failed"
done </etc/modules
acpid -c /etc/acpi -l /dev/null

# Banner: once per boot on the serial port and the VGA console.
# (/dev/console is the last console= on the cmdline, i.e. one of these two;
# it is only written separately when it is something else.)
targets="/dev/ttyS0 /dev/tty0"
active=\$(cat /sys/class/tty/console/active 2>/dev/null)
case " \$active " in *" ttyS0 "*|*" tty0 "*) ;; *) targets="/dev/console \$targets" ;; esac
for t in \$targets; do
  [ -c "\$t" ] && printf '\r\n%s\r\n' '$BANNER' >"\$t" 2>/dev/null
done

exec /bin/init
EOF
chmod 755 "$ROOT/init"

# busybox init: respawning root shells with job control (init does setsid +
# TIOCSCTTY on the tty named in the first field).
cat >"$ROOT/etc/inittab" <<'EOF'
ttyS0::respawn:-/bin/sh
tty1::respawn:-/bin/sh
::ctrlaltdel:/bin/reboot -f
::shutdown:/bin/sync
EOF

cat >"$ROOT/etc/profile" <<'EOF'
export PATH=/bin HOME=/root TERM=linux
PS1='vd-guest# '
cd /root
EOF
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$ROOT/etc/passwd"
printf 'root:x:0:\n' >"$ROOT/etc/group"
echo vd-guest >"$ROOT/etc/hostname"
printf 'VIRTDESK test guest (busybox, kernel %s)\n' "$KVER" >"$ROOT/etc/issue"

# busybox acpid maps the power-button key event to the action
# "PWRF/00000080" and runs ./PWRF/00000080 relative to its -c directory.
cat >"$ROOT/etc/acpi/PWRF/00000080" <<'EOF'
#!/bin/sh
echo "vd-guest: ACPI power button -> poweroff" >/dev/console
sync
poweroff -f
EOF
chmod 755 "$ROOT/etc/acpi/PWRF/00000080"

log "packing initramfs"
# fixed mtimes + --reproducible (GNU cpio >= 2.13) -> byte-identical rebuilds
find "$ROOT" -exec touch -h -d @0 {} +
(cd "$ROOT" && find . -mindepth 1 | LC_ALL=C sort |
  cpio --quiet -o -H newc -R 0:0 --reproducible) | gzip -9n >"$WORK/initrd.img"

cp "$VMLINUZ" "$WORK/vmlinuz"
# files the root-run QEMU reads must also be readable if qemu runs as libvirt-qemu
chmod 644 "$WORK/vmlinuz" "$WORK/initrd.img"
mv -f "$WORK/vmlinuz" "$CACHE/vmlinuz"
mv -f "$WORK/initrd.img" "$CACHE/initrd.img"
echo "$KVER" >"$CACHE/kernel-version"
echo "$SELF_HASH" >"$CACHE/stamp"
chmod 755 "$CACHE"

size() { du -k "$1" | cut -f1; }
log "built: vmlinuz $(size "$CACHE/vmlinuz") KiB, initrd.img $(size "$CACHE/initrd.img") KiB (kernel $KVER)"
