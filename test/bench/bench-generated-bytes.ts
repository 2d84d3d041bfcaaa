// Writes the bytes of a generated OneDrive file (the emulator's generator: same seed and size, same
// bytes) to stdout, so another tool (the age CLI) can be fed exactly what Lifeboat backed up
// without the bytes being written to disk first.
//
//   node bench-generated-bytes.js SEED SIZE
import { once } from "node:events";
import { GeneratedContent } from "../emulators/microsoft/graph/generated-content.js";

const [seed, sizeText] = process.argv.slice(2);
const size = Number(sizeText);
if (!seed || !Number.isSafeInteger(size) || size < 0) {
  process.stderr.write("usage: bench-generated-bytes.js SEED SIZE\n");
  process.exit(2);
}
for (const piece of new GeneratedContent(seed, size).pieces()) {
  if (!process.stdout.write(piece)) await once(process.stdout, "drain");
}
