#!/usr/bin/env bash
# Print the libvirt domain XML of the virtdesk test guest to stdout.
#
# Usage: test/guest/make-domain-xml.sh NAME > dom.xml
#        virsh -c qemu:///system define <(test/guest/make-domain-xml.sh vd-smoke)
#
# Builds the guest first (test/guest/build.sh, output on stderr) when
# .cache/vmlinuz or .cache/initrd.img is missing.
#
# Environment overrides:
#   VD_GUEST_MEMORY_MIB  guest RAM in MiB                  (default 96)
#   VD_GUEST_MACHINE     QEMU machine type                 (default pc = newest
#                        pc-i440fx-*, present in every qemu-system-x86)
#   VD_GUEST_CMDLINE     kernel command line               (default below)
#   VD_GUEST_SERIAL_LOG  virtlogd file for the serial port (default
#                        /var/log/libvirt/qemu/NAME-serial.log; "" = no log)
#   VD_GUEST_CACHE       directory holding vmlinuz/initrd.img (default .cache)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NAME=${1:-}
if [[ ! "$NAME" =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$ ]]; then
  echo "usage: $0 NAME   (NAME: letters, digits, . _ -)" >&2
  exit 2
fi

CACHE=${VD_GUEST_CACHE:-$HERE/.cache}
if [[ ! -s "$CACHE/vmlinuz" || ! -s "$CACHE/initrd.img" ]]; then
  [[ -z "${VD_GUEST_CACHE:-}" ]] || { echo "$0: no vmlinuz/initrd.img in $CACHE" >&2; exit 1; }
  "$HERE/build.sh" >&2
fi
CACHE=$(cd "$CACHE" && pwd)   # absolute: libvirt needs absolute paths

MEMORY_MIB=${VD_GUEST_MEMORY_MIB:-96}
[[ "$MEMORY_MIB" =~ ^[0-9]+$ ]] || { echo "$0: bad VD_GUEST_MEMORY_MIB" >&2; exit 2; }
MACHINE=${VD_GUEST_MACHINE:-pc}
# console=ttyS0 last => /dev/console is the serial port; tty0 gets a copy.
CMDLINE=${VD_GUEST_CMDLINE:-console=tty0 console=ttyS0,115200 quiet nokaslr}
SERIAL_LOG=${VD_GUEST_SERIAL_LOG-/var/log/libvirt/qemu/$NAME-serial.log}

xml_escape() {
  local s=$1
  s=${s//&/&amp;}; s=${s//</&lt;}; s=${s//>/&gt;}; s=${s//\'/&apos;}; s=${s//\"/&quot;}
  printf '%s' "$s"
}

# everything from <domain on (the template's leading comment is for humans)
xml=$(sed -n '/^<domain/,$p' "$HERE/domain.xml.template")
if [[ -z "$SERIAL_LOG" ]]; then
  xml=$(printf '%s\n' "$xml" | sed '/@SERIAL_LOG@/d')
fi
xml=${xml//@NAME@/$(xml_escape "$NAME")}
xml=${xml//@MEMORY_MIB@/$MEMORY_MIB}
xml=${xml//@MACHINE@/$(xml_escape "$MACHINE")}
xml=${xml//@KERNEL@/$(xml_escape "$CACHE/vmlinuz")}
xml=${xml//@INITRD@/$(xml_escape "$CACHE/initrd.img")}
xml=${xml//@CMDLINE@/$(xml_escape "$CMDLINE")}
xml=${xml//@SERIAL_LOG@/$(xml_escape "$SERIAL_LOG")}
printf '%s\n' "$xml"
