#!/usr/bin/env bash
# Run libvirtd (+ virtlogd) without systemd, for development and CI containers.
#
# Usage: scripts/libvirtd.sh start|stop|restart|status
#   start    configure qemu.conf for containers (see below), start virtlogd -d
#            and libvirtd -d unless `virsh -c qemu:///system uri` already
#            answers, wait up to 15 s for it to answer, print one status line.
#   stop     SIGTERM exactly the daemons this script started (pids recorded in
#            /run/virtdesk-libvirtd/), wait for them to exit (SIGKILL after 15 s).
#            Running QEMU guests are not touched (libvirtd reconnects on start).
#   restart  stop + start.
#   status   one status line; exit 0 if qemu:///system answers, 3 otherwise.
# Needs root; re-executes itself through `sudo -n` when run as another user.
#
# qemu.conf: a managed block (between "# BEGIN virtdesk" / "# END virtdesk")
# is appended to /etc/libvirt/qemu.conf; the reasons are written next to each
# setting. Active settings of the same keys elsewhere in the file are
# commented out ("#virtdesk-disabled# ") so the block wins. When the block
# changes while libvirtd runs, libvirtd is restarted so it takes effect.
set -euo pipefail

URI=qemu:///system
STATE_DIR=/run/virtdesk-libvirtd
QEMU_CONF=${VD_QEMU_CONF:-/etc/libvirt/qemu.conf}
WAIT_SECS=15
ME=libvirtd.sh

log() { echo "$ME: $*" >&2; }

if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then exec sudo -n "$0" "$@"; fi
  log "must run as root (no sudo available)"; exit 1
fi

for bin in libvirtd virtlogd virsh; do
  command -v "$bin" >/dev/null || { log "$bin not found: run scripts/install-system-deps.sh"; exit 1; }
done

uri_ok() { timeout 5 virsh -c "$URI" uri >/dev/null 2>&1; }

# pid of a live process named $2 from pidfile $1, or nothing
pid_from() {
  local file=$1 name=$2 pid
  [[ -s "$file" ]] || return 1
  pid=$(tr -dc '0-9' <"$file")
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$name" ]] || return 1
  echo "$pid"
}
# the daemons' own pid files (written by `-d` when run as root)
daemon_pid() { pid_from "/run/$1.pid" "$1"; }
our_pid() { pid_from "$STATE_DIR/$1.pid" "$1"; }

cgroups_writable() {
  # libvirt places each guest in a cgroup. If cgroupfs is mounted but not
  # writable (unprivileged containers), guest start fails with
  # "Unable to create cgroup"; if nothing is mounted libvirt simply skips cgroups.
  local d probe
  if [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then
    d=/sys/fs/cgroup                      # cgroup v2
  else
    for d in /sys/fs/cgroup/cpu /sys/fs/cgroup/cpu,cpuacct /sys/fs/cgroup/memory ""; do
      [[ -n "$d" && -d "$d" ]] && break
    done
    [[ -n "$d" ]] || return 0             # no cgroupfs at all: nothing to disable
  fi
  probe="$d/virtdesk-probe.$$"
  if mkdir "$probe" 2>/dev/null; then rmdir "$probe"; return 0; fi
  return 1
}

desired_block() {
  cat <<'EOF'
# BEGIN virtdesk (managed by scripts/libvirtd.sh; edits are overwritten)
# This host runs libvirtd without systemd, typically in a throw-away dev/CI
# container, with guests whose kernel/initrd live inside the repo checkout.
#
# QEMU runs as root instead of libvirt-qemu: the checkout may sit under a
# 0700 directory (e.g. /root) that libvirt-qemu cannot traverse, which makes
# `virsh start` fail with "Permission denied" on the kernel/initrd.
user = "root"
group = "root"
# swtpm (emulated TPMs) as root too: Debian's default user "tss" needs its own
# write access to /var/lib/swtpm-localca, which breaks as soon as a swtpm ran
# as root there once (its lock file is then root's), and dynamic ownership is
# off below, so libvirt would not hand the TPM state to tss either.
swtpm_user = "root"
swtpm_group = "root"
# Never chown the files a guest uses (the DAC driver would otherwise hand repo
# files to the qemu user while the guest runs); root can read them anyway.
dynamic_ownership = 0
remember_owner = 0
# No AppArmor/SELinux confinement: in a container the host's LSM profiles
# can't be loaded (apparmor_parser fails) and guest start aborts.
security_driver = "none"
# No private /dev mount namespace per guest: unshare(CLONE_NEWNS) and the
# bind mounts it needs are refused in unprivileged containers.
namespaces = [ ]
EOF
  if ! cgroups_writable; then
    cat <<'EOF'
# cgroupfs is read-only here (detected by scripts/libvirtd.sh), so libvirt
# must not try to create per-guest cgroups (else "Unable to create cgroup").
cgroup_controllers = [ ]
EOF
  fi
  echo "# END virtdesk"
}

# returns 0 if qemu.conf changed
configure_qemu_conf() {
  local want cur rest tmp keys
  [[ -f "$QEMU_CONF" ]] || { log "$QEMU_CONF missing (is libvirt-daemon-driver-qemu installed?)"; exit 1; }
  want=$(desired_block)
  cur=$(sed -n '/^# BEGIN virtdesk/,/^# END virtdesk/p' "$QEMU_CONF" 2>/dev/null || true)
  keys=$(printf '%s\n' "$want" | sed -n 's/^\([a-z_]*\) = .*/\1/p' | paste -sd'|')
  rest=$(sed '/^# BEGIN virtdesk/,/^# END virtdesk/d' "$QEMU_CONF")
  if [[ "$cur" == "$want" ]] && ! grep -Eq "^[[:space:]]*($keys)[[:space:]]*=" <<<"$rest"; then
    return 1
  fi
  tmp=$(mktemp "$QEMU_CONF.XXXXXX")
  # drop the old block, comment out competing active settings, append the new block
  sed '/^# BEGIN virtdesk/,/^# END virtdesk/d' "$QEMU_CONF" |
    sed -E "s/^([[:space:]]*($keys)[[:space:]]*=)/#virtdesk-disabled# \1/" >"$tmp"
  printf '%s\n' "$want" >>"$tmp"
  chmod --reference="$QEMU_CONF" "$tmp" 2>/dev/null || chmod 600 "$tmp"
  mv -f "$tmp" "$QEMU_CONF"
  log "updated $QEMU_CONF (virtdesk block)"
  return 0
}

status_line() {
  local lp vp state
  lp=$(daemon_pid libvirtd || true)
  vp=$(daemon_pid virtlogd || true)
  if uri_ok; then state="$URI answers"; else state="$URI NOT answering"; fi
  echo "libvirtd: ${lp:+running (pid $lp)}$([[ -n "$lp" ]] || echo 'not running'); virtlogd: ${vp:+running (pid $vp)}$([[ -n "$vp" ]] || echo 'not running'); $state"
}

stop_one() {  # name
  local name=$1 pid i
  pid=$(our_pid "$name" || true)
  if [[ -z "$pid" ]]; then
    # not recorded by us: fall back to the daemon's own pid file, but never
    # fight a service manager
    if [[ -d /run/systemd/system ]]; then
      rm -f "$STATE_DIR/$name.pid"
      return 0
    fi
    pid=$(daemon_pid "$name" || true)
    [[ -n "$pid" ]] || { rm -f "$STATE_DIR/$name.pid"; return 0; }
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < WAIT_SECS * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name (pid $pid) ignored SIGTERM for ${WAIT_SECS}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$STATE_DIR/$name.pid"
}

start_daemon() {  # name
  local name=$1 pid i
  pid=$(daemon_pid "$name" || true)
  if [[ -z "$pid" ]]; then
    rm -f "/run/$name.pid"
    "$name" -d
    for ((i = 0; i < 50; i++)); do
      pid=$(daemon_pid "$name" || true)
      [[ -n "$pid" ]] && break
      sleep 0.1
    done
    [[ -n "$pid" ]] || { log "$name did not start (no /run/$name.pid)"; return 1; }
    echo "$pid" >"$STATE_DIR/$name.pid"
  fi
}

do_start() {
  mkdir -p "$STATE_DIR"
  local changed=0 i
  configure_qemu_conf && changed=1
  if ((changed)) && daemon_pid libvirtd >/dev/null; then
    log "qemu.conf changed: restarting libvirtd"
    stop_one libvirtd
  fi
  # Without systemd nothing makes /run/lock (tmpfiles.d), and libvirt locks a
  # guest's console pty there (/var/lock -> /run/lock): opening one fails.
  local lockdir
  lockdir=$(readlink -f /var/lock 2>/dev/null || echo /var/lock)
  [[ -d "$lockdir" ]] || install -d -m 1777 "$lockdir"
  # virtlogd first: libvirtd hands it every guest's stdout/stderr and serial
  # logs; without it `virsh start` fails even though libvirtd answers.
  start_daemon virtlogd
  if ! uri_ok; then
    if ! daemon_pid libvirtd >/dev/null; then
      start_daemon libvirtd
    fi
    for ((i = 0; i < WAIT_SECS * 4; i++)); do
      uri_ok && break
      sleep 0.25
    done
  fi
  status_line
  uri_ok || { log "libvirtd did not answer within ${WAIT_SECS}s"; return 1; }
}

do_stop() {
  local running
  running=$(timeout 5 virsh -c "$URI" list --name 2>/dev/null | grep -c . || true)
  if [[ "${running:-0}" -gt 0 ]]; then
    log "note: $running guest(s) keep running without libvirtd; their virtlogd logs stop"
  fi
  stop_one libvirtd
  stop_one virtlogd
  status_line
}

case "${1:-}" in
  start) do_start ;;
  stop) do_stop ;;
  restart) do_stop >/dev/null; do_start ;;
  status) status_line; uri_ok || exit 3 ;;
  *) echo "usage: $0 start|stop|restart|status" >&2; exit 2 ;;
esac
