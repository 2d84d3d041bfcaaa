// Child process for the raw crypto comparison: Lifeboat's file-to-file age helpers, run in their
// own Node process so the measurement (wall time, CPU, RSS) is that process alone, as for `age`.
//
//   node bench-crypto-child.js encrypt KEYFILE SRC DST   # to the recipient in KEYFILE
//   node bench-crypto-child.js decrypt KEYFILE SRC DST   # with the identity in KEYFILE
//
// KEYFILE is what `age-keygen -o` writes. The AEAD backend comes from LIFEBOAT_AEAD (node|sodium).
import { readFile } from "node:fs/promises";
import { decryptFile, encryptFile } from "../../electron/engine/crypto/age-bytes.js";
import { selectAeadBackend } from "../../electron/engine/crypto/aead-backend.js";

const [mode, keyFile, src, dst] = process.argv.slice(2);
if ((mode !== "encrypt" && mode !== "decrypt") || !keyFile || !src || !dst) {
  process.stderr.write("usage: bench-crypto-child.js encrypt|decrypt KEYFILE SRC DST\n");
  process.exit(2);
}
const keyText = await readFile(keyFile, "utf8");
const backend = selectAeadBackend();
if (mode === "encrypt") {
  const recipient = /^# public key: (age1\S+)$/m.exec(keyText)?.[1];
  if (!recipient) throw new Error(`no "# public key:" line in ${keyFile}`);
  const r = await encryptFile([recipient], src, dst, backend);
  process.stdout.write(JSON.stringify({ mode, backend: backend.name, ...r }) + "\n");
} else {
  const identity = /^(AGE-SECRET-KEY-1\S+)$/m.exec(keyText)?.[1];
  if (!identity) throw new Error(`no AGE-SECRET-KEY-1 line in ${keyFile}`);
  const r = await decryptFile([identity], src, dst, backend);
  process.stdout.write(JSON.stringify({ mode, backend: backend.name, ...r }) + "\n");
}
