import type { Command } from "commander";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { LifeboatError, UsageError } from "../../engine/errors.js";
import type { CliContext } from "../cli-context.js";
import { registerAddMicrosoft } from "./add-microsoft.js";

const NAME = /^[A-Za-z0-9@._+-][A-Za-z0-9@._+ -]{0,99}$/;

export function registerAdd(program: Command, ctx: () => CliContext): void {
  const add = program.command("add").description("add a source to back up");
  registerAddMicrosoft(add, ctx);
  add
    .command("folder <path>")
    .description("a local folder (files, mtimes, empty folders), backed up incrementally")
    .option("--name <name>", "source name (default: the folder's base name)")
    .action(async (dir: string, o: { name?: string }) => {
      const c = ctx();
      const archive = await c.archivePath();
      const abs = path.resolve(dir);
      const st = await fsp.stat(abs).catch(() => null);
      if (!st?.isDirectory()) throw new LifeboatError(`${abs} is not a folder.`, 2, "usage");
      const name = o.name ?? path.basename(abs);
      if (!NAME.test(name) || name === "." || name === ".." || name === "vault") throw new UsageError(`"${name}" cannot be a source name: use letters, digits, space, @ . _ + - (and not "vault").`);
      const src = { name, kind: "folder" as const, path: abs, added: new Date().toISOString() };
      await c.settings.addSource(archive, src);
      c.result(src, `Added folder ${abs} as source "${name}". Back it up with: lifeboat backup ${name.includes(" ") ? JSON.stringify(name) : name}`);
    });
}
