#!/bin/sh
# recover.sh - restore a Lifeboat archive without Lifeboat, with standard tools only.
#
#   sh recover.sh ARCHIVE_DIR RECOVERY_KEY_FILE OUT_DIR
#
# Restores the newest complete snapshot into OUT_DIR/<source>/<path>, exactly as
# `lifeboat restore latest --to OUT_DIR` does: same bytes (each file checked against its SHA-256),
# permission bits, modification times (to the nanosecond), empty folders and symlinks, folder
# times set after their contents.
#
# The format in a few lines (FORMAT.md is the full, normative description):
#   keys/recovery-<sha>.age       the archive's age identity, encrypted to your recovery key
#   snapshots/<UTC time>-<sha>.json.age
#                                 one backup each: JSON with "complete" and "catalog", the ids of
#                                 the pieces ("blobs") whose concatenation is the item list
#   packs/<xx>/<sha>.tar.age      age-encrypted tar files of blobs: members b/<id> or b/<id>.gz,
#                                 and bundles g/<name>.tar or g/<name>.tar.gz: tar files (gzipped
#                                 or not) of many small blobs b/<id>
#   catalog                       JSON Lines, one item per line: source, path, type
#                                 (file|dir|symlink), mode, mtimeNs, target, sha256, content
#                                 (the blob ids whose concatenation is the file)
#
# Needs: a POSIX sh (dash is fine), age (v1.0+), jq (1.6+), tar, gzip and GNU coreutils
# (sha256sum, mktemp, `touch -d @SECONDS.NANOSECONDS`; on macOS: brew install coreutils and put
# its gnubin folder first in PATH). Nothing else, and no network.
#
# Exit status: 0 restored everything; 1 failed (nothing usable restored); 2 wrong arguments;
# 3 some files are damaged or missing (the rest is restored); 4 wrong recovery key;
# 5 some items could not be written (the rest is restored).
#
# Safety: the unlocked archive key and the decrypted pieces live only in a private temporary
# folder (mode 0700, removed on exit, also on Ctrl-C), never in OUT_DIR. Catalog paths that are
# absolute or contain "." or ".." parts are refused, and symlinks are created after all files, so
# a damaged or forged archive cannot make this script write outside OUT_DIR.
set -eu

prog=recover.sh
say() { printf '%s: %s\n' "$prog" "$*" >&2; }
die() { # status message...
  st=$1
  shift
  say "$*"
  exit "$st"
}

usage() {
  cat >&2 <<'EOF'
Usage: sh recover.sh ARCHIVE_DIR RECOVERY_KEY_FILE OUT_DIR

Restores the newest complete snapshot of the Lifeboat archive in ARCHIVE_DIR into OUT_DIR,
without Lifeboat. RECOVERY_KEY_FILE holds the recovery key (the line starting with
AGE-SECRET-KEY-1 that Lifeboat printed when the archive was created).

Temporary files (the unlocked key and every stored piece of the archive, about as large as the
archive's packs/ folder) go to a private folder under $TMPDIR (default /tmp). If /tmp is small
(often it lives in memory), point TMPDIR at a disk with room:  TMPDIR=/big/disk sh recover.sh ...
See FORMAT.md or the archive's README-RESTORE.txt for how it works.
EOF
  exit 2
}

if [ "$#" -ne 3 ]; then usage; fi
for a in "$1" "$2" "$3"; do [ -n "$a" ] || usage; done

# Absolute paths, so no argument can be mistaken for an option and `cd` below cannot matter.
abspath() {
  case $1 in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s/%s\n' "$(pwd)" "$1" ;;
  esac
}
ARCHIVE=$(abspath "$1")
KEYFILE=$(abspath "$2")
OUT=$(abspath "$3")
while :; do # drop trailing slashes (but keep "/")
  case $OUT in */) [ "$OUT" = / ] && break; OUT=${OUT%/} ;; *) break ;; esac
done

# ---- Tools --------------------------------------------------------------------------------------
need() { # command hint
  command -v "$1" >/dev/null 2>&1 || die 1 "'$1' is not installed (or not in PATH). $2"
}
need age "Install age v1.0 or newer: apt install age / brew install age / winget install FiloSottile.age (https://age-encryption.org)."
need jq "Install jq: apt install jq / brew install jq (https://jqlang.github.io/jq/)."
need tar "Install tar: apt install tar."
need gzip "Install gzip: apt install gzip."
for t in sha256sum mktemp touch chmod ln mkdir mv rm cat sort head tail wc; do
  need "$t" "It is part of GNU coreutils: apt install coreutils / brew install coreutils."
done

# ---- The archive --------------------------------------------------------------------------------
[ -d "$ARCHIVE" ] || die 1 "$ARCHIVE is not a folder."
[ -f "$KEYFILE" ] || die 2 "cannot read the recovery key file $KEYFILE."
[ -r "$KEYFILE" ] || die 2 "cannot read the recovery key file $KEYFILE."
if [ -f "$ARCHIVE/lifeboat-archive.json" ]; then
  # Plain text, not secret; a damaged marker is only a warning, the data may still be fine.
  if v=$(jq -r 'if .format == "lifeboat-archive" then (.version | tostring) else "?" end' "$ARCHIVE/lifeboat-archive.json" 2>/dev/null); then
    case $v in
      1) ;;
      '?') say "warning: $ARCHIVE/lifeboat-archive.json does not name a Lifeboat archive; trying anyway." ;;
      *) die 1 "this archive uses format v$v; this recover.sh reads format v1. Use a newer Lifeboat or recover.sh." ;;
    esac
  else
    say "warning: $ARCHIVE/lifeboat-archive.json is damaged; trying anyway."
  fi
elif [ ! -d "$ARCHIVE/keys" ]; then
  die 1 "$ARCHIVE is not a Lifeboat archive (no lifeboat-archive.json, no keys/ folder)."
fi
[ -d "$ARCHIVE/keys" ] || die 1 "$ARCHIVE has no keys/ folder: the archive cannot be unlocked."

# ---- Private work folder ------------------------------------------------------------------------
# Everything secret goes here: the unlocked identity, the decrypted snapshot and every decrypted
# piece of the archive. It is created 0700 (and we write with umask 077) and removed on exit.
# It must be on a disk with room: all packs are unpacked into it, so it needs about as much free
# space as the archive's packs/ folder (pieces stay gzip-compressed where they were). Set TMPDIR to
# choose the disk; /tmp is often a small in-memory file system.
orig_umask=$(umask)
umask 077
tmpbase=${TMPDIR:-/tmp}
[ -d "$tmpbase" ] || die 1 "the temporary folder $tmpbase does not exist; set TMPDIR to a folder on a disk with room."
W=$(mktemp -d "$tmpbase/lifeboat-recover.XXXXXXXX") || die 1 "cannot create a private work folder in $tmpbase; set TMPDIR to a writable folder on a disk with room."
cleanup() {
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
ID=$W/identity.txt
B=$W/blobs/b
G=$W/blobs/g
mkdir "$W/blobs" "$B"

# `touch -d @SECONDS.NANOSECONDS` is GNU; check it now rather than after hours of work.
: >"$W/touch-check"
touch -d @1.5 "$W/touch-check" 2>/dev/null ||
  die 1 "this 'touch' does not understand 'touch -d @SECONDS' (GNU coreutils needed; on macOS: brew install coreutils)."

# ---- 1. Unlock the archive's identity with the recovery key --------------------------------------
# The key may have been typed from the printed copy: ignore spaces, line breaks and letter case
# (as Lifeboat does), and comment lines starting with "#".
if ! jq -Rrs '
    split("\n") | map(select(test("^\\s*#") | not)) | join("") | gsub("\\s"; "") | ascii_upcase
    | if test("^AGE-SECRET-KEY-1[0-9A-Z]+$") then . else error("not a key") end' \
  "$KEYFILE" >"$W/recovery-key.txt" 2>/dev/null; then
  die 4 "$KEYFILE does not contain a recovery key (a line starting with AGE-SECRET-KEY-1). Check the printed copy."
fi
found_key=0
unlocked=0
for k in "$ARCHIVE"/keys/recovery-*.age; do
  [ -f "$k" ] || continue
  found_key=1
  if age -d -i "$W/recovery-key.txt" "$k" </dev/null >"$ID" 2>"$W/age.err"; then
    unlocked=1
    break
  fi
done
rm -f "$W/recovery-key.txt"
[ "$found_key" = 1 ] || die 1 "the archive has no keys/recovery-*.age file, so it cannot be opened with a recovery key. Use the passphrase: age -d $ARCHIVE/keys/passphrase-*.age > identity.txt (see FORMAT.md)."
if [ "$unlocked" != 1 ]; then
  rm -f "$ID"
  die 4 "this recovery key does not open the archive ($(head -n 1 "$W/age.err")). Check the printed copy: it starts with AGE-SECRET-KEY-1 and carries a checksum, so a typo shows up here."
fi
if ! jq -Rse 'split("\n") | any(startswith("AGE-SECRET-KEY-1"))' "$ID" >/dev/null 2>&1; then
  die 1 "the archive's key file decrypted but holds no age identity: keys/ is damaged."
fi
say "unlocked the archive with the recovery key."

# ---- 2. The newest complete snapshot ------------------------------------------------------------
# Snapshot names start with their UTC time (YYYYMMDDTHHMMSSZ), so they sort by time. Decrypt from
# the newest down and take the first whose "complete" is true; checkpoints of an interrupted
# backup have "complete": false. Two snapshots in the same second are ordered by their "time"
# field (milliseconds), as Lifeboat does.
: >"$W/snapshots.txt"
for s in "$ARCHIVE"/snapshots/*.json.age; do
  [ -f "$s" ] || continue
  n=${s##*/}
  case $n in
    *[!0-9A-Za-z.-]*) continue ;;
    ????????T??????Z-*.json.age) printf '%s\n' "$n" >>"$W/snapshots.txt" ;;
  esac
done
LC_ALL=C sort -r "$W/snapshots.txt" >"$W/snapshots.sorted"
best=""
best_time=""
best_second=""
checkpoints=0
unreadable=0
while IFS= read -r n; do
  second=${n%%-*}
  if [ -n "$best" ] && [ "$second" != "$best_second" ]; then break; fi
  if ! age -d -i "$ID" "$ARCHIVE/snapshots/$n" </dev/null >"$W/snap.json" 2>"$W/age.err"; then
    say "warning: snapshot $n cannot be decrypted ($(head -n 1 "$W/age.err")); trying an older one."
    unreadable=$((unreadable + 1))
    continue
  fi
  if ! info=$(jq -r 'if .version == 1 and (.complete | type) == "boolean" and (.time | type) == "string"
                        and (.catalog | type) == "array" and (.catalog | all(type == "string" and test("^[0-9a-f]{64}$")))
                     then "\(.complete) \(.time)" else "invalid" end' "$W/snap.json" 2>/dev/null); then
    info=invalid
  fi
  case $info in
    "true "*)
      t=${info#true }
      if [ -z "$best" ] || { [ "$t" != "$best_time" ] &&
        [ "$(printf '%s\n%s\n' "$t" "$best_time" | LC_ALL=C sort | tail -n 1)" = "$t" ]; }; then
        best=$n
        best_time=$t
        best_second=$second
        mv -f "$W/snap.json" "$W/snapshot.json"
      fi
      ;;
    "false "*) checkpoints=$((checkpoints + 1)) ;;
    *)
      say "warning: snapshot $n is not a valid snapshot; trying an older one."
      unreadable=$((unreadable + 1))
      ;;
  esac
done <"$W/snapshots.sorted"
if [ -z "$best" ]; then
  msg="the archive has no complete snapshot"
  [ "$checkpoints" -gt 0 ] && msg="$msg (only $checkpoints checkpoint(s) of an unfinished backup)"
  [ "$unreadable" -gt 0 ] && msg="$msg ($unreadable snapshot file(s) could not be read)"
  die 1 "$msg; there is nothing complete to restore. Run a backup with Lifeboat first, or follow FORMAT.md by hand to read a checkpoint."
fi
say "restoring snapshot $best (taken $best_time)."

# ---- 3. Unpack every pack ------------------------------------------------------------------------
# Each pack is an age-encrypted tar of pieces b/<id> or b/<id>.gz, and of bundles g/<name>.tar or
# g/<name>.tar.gz: small pieces stored together as a tar file of their own, which is unpacked in
# turn into b/<id> (and then deleted). age authenticates its data, so a damaged pack fails loudly;
# everything before the damage is still good except, possibly, the member being written when it
# failed, which is removed. A piece can sit in two packs (after an interrupted backup or prune), so
# when a pack failed the good packs are unpacked once more, in case that removed member was a good
# copy from an earlier pack.
unpack() { # pack-file; returns non-zero when the pack is damaged
  rm -f "$W/age.status" "$W/tar.list"
  tar_ok=1
  { age -d -i "$ID" "$1" </dev/null 2>"$W/age.err" || echo "$?" >"$W/age.status"; } |
    tar -xvf - -C "$W/blobs" >"$W/tar.list" 2>"$W/tar.err" || tar_ok=0
  if [ "$tar_ok" = 1 ] && [ ! -f "$W/age.status" ]; then return 0; fi
  last=$(tail -n 1 "$W/tar.list" 2>/dev/null || true)
  case $last in
    b/*) case ${last#b/} in */* | *..* | "") ;; *) rm -f "$B/${last#b/}" ;; esac ;;
    g/*) case ${last#g/} in */* | *..* | "") ;; *) rm -f "$G/${last#g/}" ;; esac ;;
  esac
  return 1
}
unbundle() { # unpacks the bundles the last pack held into b/<id>, then deletes them
  for g in "$G"/*.tar "$G"/*.tar.gz; do
    [ -f "$g" ] && [ ! -L "$g" ] || continue
    rm -f "$W/gz.status"
    : >"$W/gz.err"
    ok=1
    case $g in
      *.gz) { gzip -dc "$g" 2>"$W/gz.err" || echo "$?" >"$W/gz.status"; } |
        tar -xvf - -C "$W/blobs" >"$W/tar.list" 2>"$W/tar.err" || ok=0 ;;
      *) tar -xvf "$g" -C "$W/blobs" >"$W/tar.list" 2>"$W/tar.err" || ok=0 ;;
    esac
    [ -f "$W/gz.status" ] && ok=0
    rm -f "$g"
    [ "$ok" = 1 ] && continue
    # As for a pack: the piece being written when it failed may be cut short.
    last=$(tail -n 1 "$W/tar.list" 2>/dev/null || true)
    case $last in b/*) case ${last#b/} in */* | *..* | "") ;; *) rm -f "$B/${last#b/}" ;; esac ;; esac
    say "warning: bundle ${g#"$G"/} is damaged ($(cat "$W/gz.err" "$W/tar.err" | head -n 1)); its pieces after the damage are missing."
  done
}
: >"$W/good-packs.txt"
packs=0
bad_packs=0
for p in "$ARCHIVE"/packs/*/*.tar.age; do
  [ -f "$p" ] || continue
  n=${p##*/}
  case ${n%.tar.age} in "" | *[!0-9a-f]*) continue ;; esac
  packs=$((packs + 1))
  if unpack "$p"; then
    printf '%s\n' "${p#"$ARCHIVE"/packs/}" >>"$W/good-packs.txt"
  else
    bad_packs=$((bad_packs + 1))
    if [ -f "$W/age.status" ]; then why=$(head -n 1 "$W/age.err"); else why=$(tail -n 1 "$W/tar.err"); fi
    say "warning: pack ${p#"$ARCHIVE"/} is damaged ($why); the pieces before the damage were kept."
  fi
  unbundle
done
if [ "$bad_packs" -gt 0 ]; then
  while IFS= read -r p; do
    unpack "$ARCHIVE/packs/$p" || :
    unbundle
  done <"$W/good-packs.txt"
fi
say "unpacked $packs pack(s)$([ "$bad_packs" -gt 0 ] && printf ', %s damaged' "$bad_packs")."

# A piece's plaintext: b/<id>, or b/<id>.gz gunzipped. Never follows a symlink (a forged pack).
blob() { # id
  if [ -f "$B/$1" ] && [ ! -L "$B/$1" ]; then
    cat "$B/$1"
  elif [ -f "$B/$1.gz" ] && [ ! -L "$B/$1.gz" ]; then
    gzip -dc "$B/$1.gz"
  else
    return 66
  fi
}

# ---- 4. The catalog: the snapshot's catalog pieces, concatenated in order ------------------------
jq -r '.catalog[]' "$W/snapshot.json" >"$W/catalog.ids"
: >"$W/catalog.jsonl"
while IFS= read -r id; do
  st=0
  blob "$id" >>"$W/catalog.jsonl" || st=$?
  if [ "$st" = 66 ]; then die 3 "the snapshot's item list (catalog piece $id) is missing from the packs: the archive is damaged. An older snapshot may still restore (see FORMAT.md)."; fi
  [ "$st" = 0 ] || die 3 "the snapshot's item list (catalog piece $id) is damaged. An older snapshot may still restore (see FORMAT.md)."
done <"$W/catalog.ids"
# The identity is not needed any more.
rm -f "$ID"

# ---- 5. Restore ----------------------------------------------------------------------------------
# One jq pass per phase turns the catalog into shell commands whose every argument is quoted with
# @sh, so names with spaces, quotes, newlines or a leading dash arrive intact:
#   d PATH                               make a folder
#   f PATH MODE WHEN SIZE SHA256 ID...   write a file from its pieces (MODE octal; WHEN @s.ns)
#   l PATH TARGET WHEN                   make a symlink (after all files)
#   t PATH MODE WHEN                     set a folder's mode and time (last, deepest first)
#   bad PATH REASON                      an item that is refused
# "-" stands for a missing field.
JQ_DEFS='
def hex64: type == "string" and test("^[0-9a-f]{64}$");
def oct: if . < 8 then tostring else ((. / 8 | floor) | oct) + (. % 8 | tostring) end;
def rel: "\(.source)/\(.path)";
# Refused, like Lifeboat does: absolute paths and "", "." or ".." parts (in the source name too).
# A backslash is an ordinary character here (Lifeboat refuses it, for Windows), so such
# names are restored.
def problem:
  if (.source | type) != "string" or (.path | type) != "string" then "it has no source or path"
  elif ((.source | split("/")) + (.path | split("/")) | any(. == "" or . == "." or . == ".." or (explode | any(. == 0))))
    then "its path is unsafe (absolute, or with empty, \".\" or \"..\" parts)"
  elif .mode != null and ((.mode | type) != "number" or .mode < 0 or .mode != (.mode | floor)) then "its mode is not valid"
  elif .mtimeNs != null and ((.mtimeNs | type) != "string" or (.mtimeNs | test("^-?[0-9]+$") | not)) then "its time is not valid"
  elif .type == "file" then
    if (.content // [] | type) != "array" or (.content // [] | all(hex64) | not) then "its list of pieces is not valid"
    elif .sha256 != null and (.sha256 | hex64 | not) then "its checksum is not valid"
    elif .size != null and ((.size | type) != "number" or .size < 0 or .size != (.size | floor)) then "its size is not valid"
    else null end
  elif .type == "dir" then null
  elif .type == "symlink" then (if (.target | type) == "string" and .target != "" then null else "the symlink has no target" end)
  else "its type \(.type | tostring) is unknown to this recover.sh"
  end;
def mode: if .mode == null then "-" else .mode % 4096 | oct end;
# Nanoseconds since the epoch (a decimal string) as touch -d @SECONDS.NANOSECONDS.
def when:
  if .mtimeNs == null then "-" else
    .mtimeNs as $t
    | ($t | ltrimstr("-")) as $d
    | ("000000000" + $d) as $p
    | ($p | length) as $n
    | ($p[0:$n - 9] | sub("^0+"; "")) as $s
    | "@" + (if $t | startswith("-") then "-" else "" end) + (if $s == "" then "0" else $s end) + "." + $p[$n - 9:]
  end;
def num: if . == null then "-" else tostring end;
'

mkdir_out() { # folders in OUT_DIR get the caller's umask, as with Lifeboat
  umask "$orig_umask"
  mkdir -p "$1"
  mk=$?
  umask 077
  return "$mk"
}

items=0
files=0
bytes=0
failed=0
damaged=0
place() { # rel dst: makes dst's folder; fails the item (status 1) if that fails or a folder is in the way
  dir=${2%/*}
  if [ ! -d "$dir" ] && ! mkdir_out "$dir" 2>"$W/err"; then
    fail "$1" "cannot create its folder ($(cat "$W/err"))"
    return 1
  fi
  if [ -d "$2" ] && [ ! -L "$2" ]; then
    fail "$1" "a folder of that name is in the way"
    return 1
  fi
}

fail() { # rel reason
  failed=$((failed + 1))
  say "FAILED $1: $2"
}

d() {
  if [ -d "$OUT/$1" ] || mkdir_out "$OUT/$1" 2>"$W/err"; then
    items=$((items + 1))
  else
    fail "$1" "cannot create the folder ($(cat "$W/err"))"
  fi
}

# Files are written straight to their place (or, if something is already there, under a short
# temporary name: the real name may be near the 255-byte limit) and remembered; every BATCH files,
# flush checks them all with one sha256sum, removes any that do not match, then sets modes and
# times, grouped where they are equal. Starting a process costs more than restoring a small file,
# so this is what makes thousands of files fast.
BATCH=200
k=0
f() { # rel mode when size sha id...
  rel=$1 mode=$2 when=$3 size=$4 sha=$5
  shift 5
  dst=$OUT/$rel
  place "$rel" "$dst" || return 0
  # Something already there (a rerun): it is replaced only once the new file is checked.
  target=$dst
  if [ -e "$dst" ] || [ -L "$dst" ]; then target=$dir/.lifeboat-recover-$$-$k.tmp; fi
  st=0
  bad_id=""
  {
    for id in "$@"; do
      blob "$id" || { st=$? bad_id=$id; break; }
    done
  } >"$target" 2>"$W/err" || st=$?
  if [ "$st" != 0 ]; then
    rm -f "$target"
    case $(cat "$W/err") in
      *"No space left"*)
        flush
        die 1 "the disk of $OUT is full; free some space and run recover.sh again."
        ;;
    esac
    if [ "$st" = 66 ]; then
      damaged=$((damaged + 1))
      fail "$rel" "piece $bad_id is missing from the archive (damaged)"
    elif [ -n "$bad_id" ]; then
      damaged=$((damaged + 1))
      fail "$rel" "piece $bad_id cannot be read ($(cat "$W/err")) (damaged)"
    else
      fail "$rel" "cannot write it ($(cat "$W/err"))"
    fi
    return 0
  fi
  k=$((k + 1))
  eval "p_rel_$k=\$rel p_dst_$k=\$dst p_tgt_$k=\$target p_mode_$k=\$mode p_when_$k=\$when p_size_$k=\$size p_sha_$k=\$sha p_ok_$k=1"
  [ "$k" -lt "$BATCH" ] || flush
}

# Applies `COMMAND VALUE FILE...` to the good files of the batch, one call per distinct VALUE of
# field p_<field>_N ("-" = leave alone).
apply_grouped() { # field command...
  field=$1
  shift
  cmd=$*
  done_values=" - "
  j=1
  while [ "$j" -le "$k" ]; do
    eval "value=\$p_${field}_$j ok=\$p_ok_$j"
    case $done_values in *" $value "*) ok=0 ;; esac
    if [ "$ok" = 1 ]; then
      done_values="$done_values$value "
      set --
      i=$j
      while [ "$i" -le "$k" ]; do
        eval "v=\$p_${field}_$i ok=\$p_ok_$i"
        if [ "$ok" = 1 ] && [ "$v" = "$value" ]; then eval "set -- \"\$@\" \"\$p_tgt_$i\""; fi
        i=$((i + 1))
      done
      $cmd "$value" "$@" 2>/dev/null || :
    fi
    j=$((j + 1))
  done
}

flush() {
  [ "$k" -gt 0 ] || return 0
  # 1. Check: one sha256sum for the whole batch. GNU sha256sum prints one line per file, in order
  #    ("\HASH  name" when the name needs escaping); on any trouble, check one by one.
  set --
  i=1
  while [ "$i" -le "$k" ]; do
    eval "s=\$p_sha_$i"
    [ "$s" = - ] || eval "set -- \"\$@\" \"\$p_tgt_$i\""
    i=$((i + 1))
  done
  n=$#
  batch_ok=0
  if [ "$n" -gt 0 ] && sha256sum -- "$@" >"$W/sums" 2>/dev/null; then
    lines=$(wc -l <"$W/sums")
    [ "$lines" -eq "$n" ] && batch_ok=1
  fi
  [ "$batch_ok" = 1 ] && exec 3<"$W/sums"
  i=1
  while [ "$i" -le "$k" ]; do
    eval "rel=\$p_rel_$i tgt=\$p_tgt_$i size=\$p_size_$i sha=\$p_sha_$i"
    why=""
    if [ "$sha" != - ]; then
      if [ "$batch_ok" = 1 ]; then
        IFS= read -r got <&3 || got=""
        got=${got#\\}
      else
        got=$(sha256sum <"$tgt" 2>/dev/null || :)
      fi
      got=${got%% *}
      [ "$got" = "$sha" ] || why="restored bytes do not match the recorded SHA-256 (damaged)"
    elif [ "$size" != - ]; then
      got=$(wc -c <"$tgt")
      [ "$got" -eq "$size" ] || why="restored size $got is not the recorded $size (damaged)"
    fi
    if [ -n "$why" ]; then
      rm -f "$tgt"
      eval "p_ok_$i=0"
      damaged=$((damaged + 1))
      fail "$rel" "$why"
    fi
    i=$((i + 1))
  done
  [ "$batch_ok" = 1 ] && exec 3<&-
  # 2. Permission bits, then times (both atime and mtime, as Lifeboat does). Renaming keeps them.
  apply_grouped mode chmod
  apply_grouped when touch -d
  # 3. Files that replace an existing one: the rename.
  i=1
  while [ "$i" -le "$k" ]; do
    eval "rel=\$p_rel_$i dst=\$p_dst_$i tgt=\$p_tgt_$i size=\$p_size_$i ok=\$p_ok_$i"
    if [ "$ok" = 1 ] && [ "$tgt" != "$dst" ] && ! mv -f "$tgt" "$dst" 2>"$W/err"; then
      rm -f "$tgt"
      ok=0
      fail "$rel" "cannot write it ($(cat "$W/err"))"
    fi
    if [ "$ok" = 1 ]; then
      items=$((items + 1))
      files=$((files + 1))
      [ "$size" = - ] || bytes=$((bytes + size))
    fi
    i=$((i + 1))
  done
  k=0
}

l() { # rel target when
  dst=$OUT/$1
  # No part of the link's folder may itself be a symlink: the link must land inside OUT_DIR.
  p=$OUT
  old_ifs=$IFS
  IFS=/
  for c in ${1%/*}; do
    p=$p/$c
    if [ -L "$p" ]; then
      IFS=$old_ifs
      fail "$1" "its folder is a symlink"
      return 0
    fi
  done
  IFS=$old_ifs
  place "$1" "$dst" || return 0
  rm -f "$dst"
  if ! ln -s -- "$2" "$dst" 2>"$W/err"; then
    fail "$1" "cannot create the symlink ($(cat "$W/err"))"
    return 0
  fi
  [ "$3" = - ] || touch -h -d "$3" "$dst" 2>/dev/null || :
  items=$((items + 1))
}

t() { # rel mode when
  dst=$OUT/$1
  if [ -d "$dst" ] && [ ! -L "$dst" ]; then
    [ "$2" = - ] || chmod "$2" "$dst" 2>/dev/null || :
    [ "$3" = - ] || touch -d "$3" "$dst" 2>/dev/null || :
  fi
}

bad() { # rel reason
  fail "$1" "refused: $2"
}

jq -r -n "$JQ_DEFS"'
  inputs | problem as $why
  | if $why != null then @sh "bad \((.source | tostring) + "/" + (.path | tostring)) \($why)"
    elif .type == "dir" then @sh "d \(rel)"
    elif .type == "file" then @sh "f \(rel) \(mode) \(when) \(.size | num) \(.sha256 // "-") \(.content // [])"
    else empty end' "$W/catalog.jsonl" >"$W/plan-1.sh" 2>"$W/err" ||
  die 3 "the snapshot's item list cannot be read ($(cat "$W/err")): the archive is damaged."
jq -r -n "$JQ_DEFS"'
  inputs | select(.type == "symlink" and problem == null) | @sh "l \(rel) \(.target) \(when)"' \
  "$W/catalog.jsonl" >"$W/plan-2.sh"
jq -r -n "$JQ_DEFS"'
  [inputs | select(.type == "dir" and problem == null)] | reverse[] | @sh "t \(rel) \(mode) \(when)"' \
  "$W/catalog.jsonl" >"$W/plan-3.sh"

# Only now, with a readable catalog in hand, is anything written to OUT_DIR.
if [ ! -d "$OUT" ]; then
  mkdir_out "$OUT" 2>"$W/err" || die 1 "cannot create $OUT ($(cat "$W/err"))."
fi
set -f # no pathname expansion while running the plans
set +e # every step checks its own result and reports the item
. "$W/plan-1.sh" # folders and files, in catalog order
flush
. "$W/plan-2.sh" # symlinks
. "$W/plan-3.sh" # folder modes and times, deepest first: creating their contents changed them
set -e
set +f

say "restored $items item(s) ($files file(s), $bytes bytes) from snapshot $best into $OUT."
if [ "$failed" -gt 0 ]; then
  if [ "$damaged" -gt 0 ]; then
    say "$failed item(s) could not be restored, $damaged of them damaged in the archive (see FAILED above)."
    exit 3
  fi
  say "$failed item(s) could not be restored (see FAILED above)."
  exit 5
fi
exit 0
