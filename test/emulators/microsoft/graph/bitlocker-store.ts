// BitLocker recovery keys escrowed for a work/school user's devices. Personal accounts may hold
// keys in a seed (Microsoft does keep them) but no API reaches them, exactly as in reality.

export interface BitLockerKeyRecord {
  id: string;
  createdDateTime: string;
  /** "1" OS volume, "2" fixed data, "3" removable — a string, as the documented sample has it. */
  volumeType: string;
  deviceId: string;
  /** 48 digits in 8 groups of 6. */
  key: string;
}

const KEY_FORMAT = /^\d{6}(-\d{6}){7}$/;

export class BitLockerStore {
  private readonly keys: BitLockerKeyRecord[] = [];

  /** Adds a key as Graph describes it (a seed's bitlocker/*.json object). */
  addKey(key: { id: string; createdDateTime?: string; volumeType?: string | number; deviceId: string; key: string }): void {
    if (!KEY_FORMAT.test(key.key)) throw new Error(`BitLocker key ${key.id} is not 8 groups of 6 digits`);
    if (this.keys.some((k) => k.id === key.id)) throw new Error(`duplicate BitLocker key id ${key.id}`);
    this.keys.push({
      id: key.id,
      createdDateTime: key.createdDateTime ?? "2024-01-01T00:00:00Z",
      volumeType: String(key.volumeType ?? "1"),
      deviceId: key.deviceId,
      key: key.key,
    });
  }

  list(): readonly BitLockerKeyRecord[] {
    return this.keys;
  }

  byId(id: string): BitLockerKeyRecord | undefined {
    return this.keys.find((k) => k.id === id);
  }
}
