import { promises as fsp } from "node:fs";
import path from "node:path";

/** Sum of the sizes of every file under `root` (a stat walk; the archive has few, large files). */
export async function archiveSize(root: string): Promise<number> {
  let total = 0;
  const walk = async (dir: string): Promise<void> => {
    const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
    await Promise.all(
      entries.map(async (e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (e.isFile()) {
          // Await first, then add: `total += await x` reads `total` before the await and loses
          // the sizes other concurrent stats added meanwhile.
          const { size } = await fsp.stat(p).catch(() => ({ size: 0 }));
          total += size;
        }
      }),
    );
  };
  await walk(root);
  return total;
}
