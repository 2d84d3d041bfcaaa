#!/bin/sh
# Runs the compiled tests (dist/test/unit and dist/test/integration, every *.test.js) with Node's
# built-in test runner, inside a private D-Bus session with a private, unlocked GNOME Keyring, so
# the keychain tests talk to a real Secret Service and never to the user's own keyring.
#
#   npm test                                   # builds, then runs this
#   sh test/run-tests.sh                       # everything (after `npm run build`)
#   sh test/run-tests.sh keychain              # only test files whose path contains "keychain"
#   sh test/run-tests.sh test/integration/keychain.test.ts   # a source or dist path, or a directory
#   sh test/run-tests.sh --test-name-pattern=overwrite       # options (--x=value form) go to node
#
# Environment: LIFEBOAT_TEST_CONCURRENCY (test files run at once, default 1),
#              LIFEBOAT_TEST_TIMEOUT_MS (per test, default 600000), KEEP_TEST_KEYRING=1 (keep temp dir).
#
# Why `find` and not `node --test dist/test`: Node 20 has no glob support in `--test` arguments, and
# when handed a directory it also runs any *.js below a directory named "test" (helpers included).
# So the exact file list is built here and passed explicitly.
set -eu

die() {
  printf 'run-tests.sh: %s\n' "$*" >&2
  exit 2
}

if [ -z "${LIFEBOAT_TEST_SESSION_DIR:-}" ]; then
  # ---- Outer part: check tools, make a private XDG sandbox, re-run this script under D-Bus. ----
  missing=""
  for tool in dbus-run-session dbus-daemon dbus-send gnome-keyring-daemon secret-tool node; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
  done
  if [ -n "$missing" ]; then
    die "missing required command(s):$missing
  The keychain tests need a D-Bus session bus and GNOME Keyring. On Debian/Ubuntu install them with:
    sudo apt-get install -y --no-install-recommends dbus gnome-keyring libsecret-tools
  (or run: sh test/setup-debian.sh)"
  fi

  script_dir=$(cd "$(dirname "$0")" && pwd)
  sandbox=$(mktemp -d "${TMPDIR:-/tmp}/lifeboat-test-XXXXXX") || die "cannot create a temp dir"
  cleanup() {
    if [ "${KEEP_TEST_KEYRING:-0}" = 1 ]; then
      printf 'run-tests.sh: kept test keyring sandbox %s\n' "$sandbox" >&2
    else
      rm -rf "$sandbox"
    fi
  }
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  mkdir -p "$sandbox/data" "$sandbox/config" "$sandbox/cache" "$sandbox/run"
  chmod 700 "$sandbox" "$sandbox/run"
  # Exported before dbus-run-session so that the bus daemon, and anything it activates, also sees
  # them: GNOME Keyring keeps its keyrings in $XDG_DATA_HOME/keyrings and its control socket in
  # $XDG_RUNTIME_DIR/keyring (else it falls back to ~/.cache).
  XDG_DATA_HOME="$sandbox/data"
  XDG_CONFIG_HOME="$sandbox/config"
  XDG_CACHE_HOME="$sandbox/cache"
  XDG_RUNTIME_DIR="$sandbox/run"
  LIFEBOAT_TEST_SESSION_DIR="$sandbox"
  export XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_RUNTIME_DIR LIFEBOAT_TEST_SESSION_DIR
  unset GNOME_KEYRING_CONTROL SSH_AUTH_SOCK DBUS_SESSION_BUS_ADDRESS
  # No display for the bus: an unlock prompt (gcr-prompter) must fail fast instead of popping up
  # on a developer's desktop. The tests get DISPLAY back below.
  LIFEBOAT_SAVED_DISPLAY="${DISPLAY:-}"
  LIFEBOAT_SAVED_WAYLAND_DISPLAY="${WAYLAND_DISPLAY:-}"
  export LIFEBOAT_SAVED_DISPLAY LIFEBOAT_SAVED_WAYLAND_DISPLAY
  unset DISPLAY WAYLAND_DISPLAY

  cd "$script_dir/.."
  status=0
  dbus-run-session -- sh "$script_dir/run-tests.sh" "$@" </dev/null || status=$?
  exit "$status"
fi

# ---- Inner part: runs inside dbus-run-session, in the repository root. ----
set -f # no pathname expansion: file lists below are split on newlines only
sandbox="$LIFEBOAT_TEST_SESSION_DIR"
keyring_password="lifeboat-test-keyring"
keyring_log="$sandbox/gnome-keyring.log"
keyring_pid=""

stop_keyring() {
  if [ -n "$keyring_pid" ]; then
    kill "$keyring_pid" 2>/dev/null || true
    wait "$keyring_pid" 2>/dev/null || true
    keyring_pid=""
  fi
}
trap stop_keyring EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

secret_service_call() { # object interface.method args...
  object=$1
  method=$2
  shift 2
  dbus-send --session --print-reply --reply-timeout=5000 --dest=org.freedesktop.secrets "$object" "$method" "$@" 2>/dev/null
}

# --unlock reads the login keyring's password from stdin and creates the "login" collection with it
# when there is none (an EMPTY password does not create it, and then every write would wait for a
# prompt), which gnome-keyring then also makes the "default" alias. --foreground keeps the pid ours.
printf '%s' "$keyring_password" |
  gnome-keyring-daemon --foreground --unlock --components=secrets >"$keyring_log" 2>&1 &
keyring_pid=$!

login=/org/freedesktop/secrets/collection/login
ready=0
tries=0
while [ "$tries" -lt 100 ]; do
  if ! kill -0 "$keyring_pid" 2>/dev/null; then
    cat "$keyring_log" >&2
    die "gnome-keyring-daemon exited during startup (log above)"
  fi
  # Ask the bus, not the service, first: a call to org.freedesktop.secrets before our daemon owns
  # that name would make D-Bus auto-start a second, locked gnome-keyring-daemon that steals it.
  owner_reply=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null || true)
  case "$owner_reply" in
    *"uint32 $keyring_pid") ;;
    *uint32*)
      die "org.freedesktop.secrets is owned by another process, not our gnome-keyring-daemon ($keyring_pid): $owner_reply"
      ;;
    *)
      tries=$((tries + 1))
      sleep 0.1
      continue
      ;;
  esac
  alias_reply=$(secret_service_call /org/freedesktop/secrets org.freedesktop.Secret.Service.ReadAlias string:default || true)
  case "$alias_reply" in
    *"$login"*)
      locked_reply=$(secret_service_call "$login" org.freedesktop.DBus.Properties.Get \
        string:org.freedesktop.Secret.Collection string:Locked || true)
      case "$locked_reply" in
        *"boolean false"*) ready=1; break ;;
      esac
      ;;
    *'object path "/"'*)
      # The login collection exists but is not the default alias: make it so.
      secret_service_call /org/freedesktop/secrets org.freedesktop.Secret.Service.SetAlias \
        string:default "objpath:$login" >/dev/null || true
      ;;
  esac
  tries=$((tries + 1))
  sleep 0.1
done
if [ "$ready" != 1 ]; then
  cat "$keyring_log" >&2
  die "GNOME Keyring did not provide an unlocked default (login) collection on D-Bus within 10 s"
fi

# Restore the caller's display for the tests themselves.
if [ -n "${LIFEBOAT_SAVED_DISPLAY:-}" ]; then DISPLAY=$LIFEBOAT_SAVED_DISPLAY; export DISPLAY; fi
if [ -n "${LIFEBOAT_SAVED_WAYLAND_DISPLAY:-}" ]; then WAYLAND_DISPLAY=$LIFEBOAT_SAVED_WAYLAND_DISPLAY; export WAYLAND_DISPLAY; fi
unset LIFEBOAT_SAVED_DISPLAY LIFEBOAT_SAVED_WAYLAND_DISPLAY

# ---- Arguments: options go to node; anything else selects test files. ----
nl='
'
node_opts=""
selectors=""
for arg in "$@"; do
  case "$arg" in
    -*) node_opts="$node_opts$arg$nl" ;;
    *) selectors="$selectors$arg$nl" ;;
  esac
done

all_tests=$(
  for dir in dist/test/unit dist/test/integration dist/test/e2e; do
    if [ -d "$dir" ]; then find "$dir" -type f -name '*.test.js'; fi
  done | LC_ALL=C sort
)
if [ -z "$all_tests" ]; then
  die "no compiled tests under dist/test/unit or dist/test/integration; run \`npm run build\` first (or use \`npm test\`)"
fi

if [ -z "$selectors" ]; then
  selected=$all_tests
else
  selected=""
  old_ifs=$IFS
  IFS=$nl
  for sel in $selectors; do
    # A source path (test/x/y.test.ts) selects its compiled twin (dist/test/x/y.test.js).
    sel=${sel#./}
    case "$sel" in
      dist/*) ;;
      test/*) sel="dist/$sel" ;;
    esac
    case "$sel" in
      *.ts) sel="${sel%.ts}.js" ;;
    esac
    for file in $all_tests; do
      case "$file" in
        "$sel" | "$sel"/* | *"$sel"*) selected="$selected$file$nl" ;;
      esac
    done
  done
  IFS=$old_ifs
  selected=$(printf '%s' "$selected" | LC_ALL=C sort -u)
  if [ -z "$selected" ]; then
    die "no test file matches: $(printf '%s' "$selectors" | tr '\n' ' ')"
  fi
fi

# Build the node command line in "$@" (the only array POSIX sh has).
set -- --test \
  "--test-concurrency=${LIFEBOAT_TEST_CONCURRENCY:-1}" \
  "--test-timeout=${LIFEBOAT_TEST_TIMEOUT_MS:-600000}"
old_ifs=$IFS
IFS=$nl
for opt in $node_opts; do set -- "$@" "$opt"; done
for file in $selected; do set -- "$@" "$file"; done
IFS=$old_ifs

status=0
node "$@" || status=$?
stop_keyring
exit "$status"
