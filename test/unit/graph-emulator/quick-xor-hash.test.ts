// The emulator's QuickXorHash against published vectors (rclone's test table, computed with
// Microsoft's reference C# snippet: input and expected digest both base64), fed whole and in
// blocks, and cross-checked with the engine's independent implementation on random data.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { quickXorHash as engineQuickXorHash } from "../../../electron/engine/providers/microsoft/quick-xor-hash.js";
import { QuickXorHash, quickXorHashBase64 } from "../../emulators/microsoft/graph/quick-xor-hash.js";

// From rclone backend/onedrive/quickxorhash/quickxorhash_test.go.
const VECTORS: Array<[number, string, string]> = [
  [0, "", "AAAAAAAAAAAAAAAAAAAAAAAAAAA="],
  [1, "Sg==", "SgAAAAAAAAAAAAAAAQAAAAAAAAA="],
  [2, "tbQ=", "taAFAAAAAAAAAAAAAgAAAAAAAAA="],
  [3, "0pZP", "0rDEEwAAAAAAAAAAAwAAAAAAAAA="],
  [8, "/aNzzCFPS/A=", "/RjFHJgRgicsAR4ACAAAAAAAAAA="],
  [16, "2fuxhBJXtpWFe8dOfdGeHw==", "O9tHLAghgSvYohKFyMMxnNCHaHg="],
  [20, "T6LYJIfDh81JrAK309H2JMJTXis=", "zBTHrspn3mEcohlJdIUAbjGNaNg="],
  [21, "DWAAX5/CIfrmErgZa8ot6ZraeSbu", "LR2Z0PjuRYGKQB/mhQAuMrAGZbQ="],
  [33, "qQ70RB++JAR5ljNv3lJt1PpqETPsckopfonItu18Cr3E", "FkJaeg/0Z5+euShYlLpE2tJh+Lo="],
  [50, "4SVmjtXIL8BB8SfkbR5Cpaljm2jpyUfAhIBf65XmKxHlz9dy5XixgiE/q1lv+esZW/E=", "wxZ0rxkMQEnRNAp8ZgEZLT4RdLM="],
  [
    64,
    "Mb7EGva2rEE5fENDL85P+BsapHEEjv2/siVhKjvAQe02feExVOQSkfmuYzU/kTF1MaKjPmKF/w+cbvwfdWL8aQ==",
    "n1anP5NfvD4XDYWIeRPW3ZkPv1Y=",
  ],
  [
    111,
    "jyibxJSzO6ZiZ0O1qe3tG/bvIAYssvukh9suIT5wEy1JBINVgPiqdsTW0cOpP0aUfP7mgqLfADkzI/m/GgCuVhr8oFLrOCoTx1/psBOWwhltCbhUx51Icm9aH8tY4Z3ccU+6BKpYQkLCy0B/A9Zc",
    "hZfLIilSITC6N3e3tQ/iSgEzkto=",
  ],
  [
    222,
    "PfxMcUd0vIW6VbHG/uj/Y0W6qEoKmyBD0nYebEKazKaKG+UaDqBEcmQjbfQeVnVLuodMoPp7P7TR1htX5n2VnkHh22xDyoJ8C/ZQKiSNqQfXvh83judf4RVr9exJCud8Uvgip6aVZTaPrJHVjQhMCp/dEnGvqg0oN5OVkM2qqAXvA0teKUDhgNM71sDBVBCGXxNOR2bpbD1iM4dnuT0ey4L+loXEHTL0fqMeUcEi2asgImnlNakwenDzz0x57aBwyq3AspCFGB1ncX4yYCr/OaCcS5OKi/00WH+wNQU3",
    "QX/YEpG0gDsmhEpCdWhsxDzsfVE=",
  ],
];

test("published QuickXorHash vectors", () => {
  for (const [size, input, expected] of VECTORS) {
    const data = Buffer.from(input, "base64");
    assert.equal(data.length, size, `vector ${size} decodes to its size`);
    assert.equal(quickXorHashBase64(data), expected, `size ${size}`);
  }
});

test("feeding in blocks of any size gives the same digest", () => {
  for (const [size, input, expected] of VECTORS) {
    const data = Buffer.from(input, "base64");
    for (const block of [1, 2, 7, 64, 159, 160, 161]) {
      const h = new QuickXorHash();
      for (let i = 0; i < data.length; i += block) h.update(data.subarray(i, i + block));
      assert.equal(h.digest().toString("base64"), expected, `size ${size}, blocks of ${block}`);
    }
  }
});

test("agrees with the engine's implementation on random data", () => {
  for (const size of [0, 1, 159, 160, 161, 4096, 100_003, 1_000_000]) {
    const data = randomBytes(size);
    assert.equal(quickXorHashBase64(data), engineQuickXorHash(data), `size ${size}`);
  }
});
