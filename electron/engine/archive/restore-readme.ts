import type { ArchiveMarker } from "./archive.js";

/** The plain-text README placed in every archive's root, for the day Lifeboat is gone. */
export function restoreReadme(marker: ArchiveMarker): string {
  return `LIFEBOAT ARCHIVE - HOW TO RESTORE WITHOUT LIFEBOAT
===================================================

This folder is a Lifeboat backup archive (format ${marker.format} v${marker.version}).
Everything in it is encrypted with age (https://age-encryption.org), a standard,
documented file format, and packed as ordinary tar files. You can get all of your data
back with free standard tools, even if Lifeboat no longer exists:

  age  (v1.0 or newer: apt install age / brew install age / winget install FiloSottile.age)
  tar, gzip, jq, and a POSIX shell

THE EASY WAY
  If you still have Lifeboat:   lifeboat restore latest --to OUT_DIR
  If you have its recover.sh:   sh recover.sh ARCHIVE_DIR RECOVERY_KEY_FILE OUT_DIR

BY HAND
  0. Put your recovery key (the line starting with AGE-SECRET-KEY-1 that Lifeboat printed
     when the archive was created) in a file, for example recovery-key.txt.
  1. Unlock the archive's key:
       age -d -i recovery-key.txt keys/recovery-*.age > identity.txt
     (or with your passphrase instead:  age -d keys/passphrase-*.age > identity.txt)
     identity.txt is secret: delete it when you are done.
  2. Pick a snapshot. Each file in snapshots/ is one backup, named by its UTC time:
       age -d -i identity.txt snapshots/NAME.json.age | jq .
     Use the newest one whose "complete" is true.
  3. Unpack all stored pieces (blobs). Small pieces are stored together in bundles,
     blobs/g/<name>.tar.gz (or .tar), which are tar files of their own: unpack them too.
       mkdir blobs
       for p in packs/*/*.tar.age; do age -d -i identity.txt "$p" | tar -x -C blobs; done
       for g in blobs/g/*.tar.gz; do [ -f "$g" ] && gunzip -c "$g" | tar -x -C blobs; done
       for g in blobs/g/*.tar; do [ -f "$g" ] && tar -x -f "$g" -C blobs; done
     Every piece is now blobs/b/<id> or, if compressed, blobs/b/<id>.gz.
  4. Rebuild the snapshot's catalog (one JSON object per line, one line per item) by
     concatenating the pieces listed in its "catalog" array, in order:
       for id in $(age -d -i identity.txt snapshots/NAME.json.age | jq -r '.catalog[]'); do
         if [ -f blobs/b/$id.gz ]; then gunzip -c blobs/b/$id.gz; else cat blobs/b/$id; fi
       done > catalog.jsonl
  5. Each catalog line describes one item: "source" and "path" say where it belongs,
     "type" is file, dir or symlink, and "content" lists the pieces whose concatenation
     (gunzipping the .gz ones) is the file. "mtimeNs" is its modification time in
     nanoseconds, "sha256" the hash of the whole file. For example:
       jq -r 'select(.type=="file") | .source + "/" + .path' catalog.jsonl
     lists every file. recover.sh automates exactly this.

WHAT IS WHERE
  lifeboat-archive.json   format description (not secret)
  keys/                   the archive key, encrypted under your passphrase and your recovery key
  packs/                  your data: age-encrypted tar files of pieces ("blobs")
  index/                  where each piece is inside the packs (speeds up Lifeboat; not needed by hand)
  snapshots/              one file per backup; the snapshot is written last, so an interrupted
                          backup never leaves a broken snapshot behind
  locks/, tmp/            working files of a running Lifeboat; safe to ignore

Every file in packs/, index/, snapshots/ and keys/ is named after the SHA-256 of its own
bytes, so  sha256sum  alone tells whether the disk damaged it (no key needed).
`;
}
