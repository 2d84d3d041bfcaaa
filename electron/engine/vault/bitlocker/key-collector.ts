// What every parser does with what it found: validate the password, normalise the id, keep the
// metadata, merge duplicates (the same key pasted twice, or a file holding a key and its copy), and
// say why anything was left out, in words the user can act on and without the password.

import type { BitLockerKey, BitLockerVolumeType, SkippedEntry } from "../../../../shared/vault-types.js";
import { normaliseKeyId, sameKeyId, isFullKeyId } from "./key-id.js";
import { RecoveryPasswordError, validateRecoveryPassword } from "./recovery-password.js";

/** What a parser found for one key; everything but the password is optional. */
export interface KeyCandidate {
  /** As found: any spelling normaliseKeyId accepts. */
  keyId?: string;
  /** As found; validated here. */
  password: string;
  device?: string;
  volume?: string;
  volumeType?: BitLockerVolumeType;
  created?: string;
  /** Where in the source, for messages when there is no id: "line 12". */
  where?: string;
}

export interface BitLockerParseResult {
  keys: BitLockerKey[];
  skipped: SkippedEntry[];
  /** The password errors behind some of `skipped`, so that a caller can point at the group. */
  passwordErrors: RecoveryPasswordError[];
}

function clean(value: string | undefined): string | undefined {
  const v = value?.replace(/\s+/g, " ").trim();
  return v ? v : undefined;
}

/** How the user recognises an entry in "skipped": its id (not a secret) and where it was. */
export function entryName(c: Pick<KeyCandidate, "keyId" | "device" | "volume" | "where">): string {
  const id = c.keyId ? (normaliseKeyId(c.keyId) ?? c.keyId.slice(0, 40)) : undefined;
  const place = [clean(c.device), clean(c.volume)].filter(Boolean).join(" ");
  const head = id ? `key ${id}` : `recovery password${c.where ? ` at ${c.where}` : ""}`;
  return place ? `${head} (${place})` : head;
}

export class KeyCollector {
  readonly keys: BitLockerKey[] = [];
  readonly skipped: SkippedEntry[] = [];
  readonly passwordErrors: RecoveryPasswordError[] = [];

  constructor(private readonly origin: string) {}

  /** Adds a found key, or records why it was skipped. Returns the key when added or merged. */
  add(c: KeyCandidate): BitLockerKey | undefined {
    let password: string;
    try {
      password = validateRecoveryPassword(c.password);
    } catch (err) {
      if (!(err instanceof RecoveryPasswordError)) throw err;
      this.passwordErrors.push(err);
      this.skip(entryName(c), err.message);
      return undefined;
    }
    const keyId = c.keyId === undefined ? undefined : normaliseKeyId(c.keyId);
    if (!keyId) {
      this.skip(
        entryName(c),
        c.keyId === undefined
          ? "a valid recovery password, but no key id with it: without the id Lifeboat cannot tell which drive it unlocks. Import the .TXT file Windows saved, or copy the Key ID along with the recovery key."
          : "a valid recovery password, but its key id is not a GUID (nor the 8 hex digits the recovery screen shows).",
      );
      return undefined;
    }
    const key: BitLockerKey = { keyId, recoveryPassword: password };
    const device = clean(c.device);
    const volume = clean(c.volume);
    if (device) key.device = device;
    if (volume) key.volume = volume;
    if (c.volumeType) key.volumeType = c.volumeType;
    if (c.created) key.created = c.created;
    key.origin = this.origin;
    return this.merge(key);
  }

  skip(name: string, reason: string): void {
    this.skipped.push({ name, reason });
  }

  /**
   * The same protector found twice (by id, or by the account page's prefix of it) with the same
   * password is one key; the full id wins over the prefix and metadata fills in. The same id with
   * another password cannot both be right: the first is kept and the second reported.
   */
  private merge(key: BitLockerKey): BitLockerKey | undefined {
    const twin = this.keys.find((k) => sameKeyId(k.keyId, key.keyId));
    if (!twin) {
      this.keys.push(key);
      return key;
    }
    if (twin.recoveryPassword !== key.recoveryPassword) {
      this.skip(`key ${key.keyId}`, "another recovery password in this file has the same key id; the first one was kept. Check which one the drive accepts.");
      return undefined;
    }
    if (!isFullKeyId(twin.keyId) && isFullKeyId(key.keyId)) twin.keyId = key.keyId;
    twin.device ??= key.device;
    twin.volume ??= key.volume;
    twin.created ??= key.created;
    if (key.volumeType && (twin.volumeType === undefined || twin.volumeType === "unknown")) twin.volumeType = key.volumeType;
    // `??=` leaves an explicit undefined behind; keep the objects free of empty fields.
    for (const field of ["device", "volume", "created"] as const) if (twin[field] === undefined) delete twin[field];
    return twin;
  }

  result(): BitLockerParseResult {
    return { keys: this.keys, skipped: this.skipped, passwordErrors: this.passwordErrors };
  }
}
