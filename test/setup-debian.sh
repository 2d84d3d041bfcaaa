#!/bin/sh
# Installs the Debian/Ubuntu packages the tests and the bench need. Idempotent; non-interactive.
#   sh test/setup-debian.sh          # skips apt entirely when every needed command is present
#   FORCE_APT=1 sh test/setup-debian.sh
# Uses sudo only when not root. Node.js itself is not installed here (Debian 12's nodejs is 18,
# too old for this project): bring Node >= 20.10 yourself.
set -eu

# command:package pairs. dbus-run-session and dbus-daemon come from dbus-daemon, dbus-send from
# dbus-bin; both are pulled in by "dbus". gnome-keyring pulls in a session bus (dbus-user-session);
# dbus-x11 is not needed: the test runner starts its own bus with dbus-run-session.
# systemd-analyze (package systemd) checks the generated user timer and service (`verify`); the
# tests never start a systemd manager.
needs="
age:age
restic:restic
gnome-keyring-daemon:gnome-keyring
secret-tool:libsecret-tools
dbus-run-session:dbus
dbus-daemon:dbus
dbus-send:dbus
jq:jq
tar:tar
gzip:gzip
sha256sum:coreutils
mktemp:coreutils
python3:python3
oathtool:oathtool
zbarimg:zbar-tools
pdftotext:poppler-utils
chromium:chromium
systemd-analyze:systemd
"
packages="age restic gnome-keyring libsecret-tools dbus jq tar gzip coreutils python3 python3-icalendar python3-vobject oathtool zbar-tools poppler-utils chromium fonts-dejavu-core systemd"

if [ "$(id -u)" -eq 0 ]; then
  as_root() { "$@"; }
elif command -v sudo >/dev/null 2>&1; then
  as_root() { sudo env DEBIAN_FRONTEND=noninteractive "$@"; }
else
  as_root() {
    echo "setup-debian.sh: not root and no sudo; run as root: $*" >&2
    return 1
  }
fi

# libdbus wants a machine id; minimal container images sometimes lack one (the dbus package's
# postinst normally creates it).
ensure_machine_id() {
  if [ ! -s /etc/machine-id ] && [ ! -s /var/lib/dbus/machine-id ] && command -v dbus-uuidgen >/dev/null 2>&1; then
    as_root dbus-uuidgen --ensure || echo "setup-debian.sh: warning: no D-Bus machine id (dbus-uuidgen --ensure failed)" >&2
  fi
}

missing=""
for pair in $needs; do
  cmd=${pair%%:*}
  command -v "$cmd" >/dev/null 2>&1 || missing="$missing $cmd"
done
# The independent iCalendar/vCard parsers the round-trip tests check against (Debian's, in the
# system Python the tests call as /usr/bin/python3).
if ! /usr/bin/python3 -c "import icalendar, vobject" >/dev/null 2>&1; then missing="$missing python3-icalendar/python3-vobject"; fi

if [ -z "$missing" ] && [ "${FORCE_APT:-0}" != 1 ]; then
  echo "setup-debian.sh: all needed commands are present; skipping apt (FORCE_APT=1 to install anyway)"
  ensure_machine_id
  exit 0
fi
if [ -n "$missing" ]; then echo "setup-debian.sh: missing:$missing"; fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-debian.sh: apt-get not found; this script is for Debian/Ubuntu. Install the equivalents of: $packages" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
as_root apt-get update </dev/null
# shellcheck disable=SC2086 # word splitting of the package list is intended
as_root apt-get install -y --no-install-recommends $packages </dev/null

still_missing=""
for pair in $needs; do
  cmd=${pair%%:*}
  command -v "$cmd" >/dev/null 2>&1 || still_missing="$still_missing $cmd"
done
if [ -n "$still_missing" ]; then
  echo "setup-debian.sh: still missing after apt-get install:$still_missing" >&2
  exit 1
fi
ensure_machine_id
echo "setup-debian.sh: done"
