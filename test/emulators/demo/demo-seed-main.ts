// Writes the built-in demo account as an emulator seed folder:
//   node dist/test/emulators/demo/demo-seed-main.js OUT_DIR [--seed N] [--json]
// Prints what it wrote (counts per kind and size); --json prints the summary, message list included.
import { DEFAULT_DEMO_SEED, writeDemoSeed } from "./write-demo-seed.js";

function usage(): never {
  process.stderr.write("usage: demo-seed-main OUT_DIR [--seed N] [--json]\n");
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  let dir: string | undefined;
  let seed = DEFAULT_DEMO_SEED;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--json") json = true;
    else if (arg === "--seed") {
      seed = Number(argv[++i]);
      if (!Number.isSafeInteger(seed)) usage();
    } else if (arg.startsWith("-") || dir !== undefined) usage();
    else dir = arg;
  }
  if (dir === undefined) usage();
  const started = Date.now();
  const s = await writeDemoSeed(dir, { seed });
  if (json) {
    process.stdout.write(JSON.stringify(s, null, 2) + "\n");
    return;
  }
  const mib = (n: number): string => `${(n / 1048576).toFixed(1)} MiB`;
  const lines = [`Demo account (seed ${s.seed}) written to ${s.dir}: ${s.files} files, ${mib(s.bytes)} in ${((Date.now() - started) / 1000).toFixed(1)} s`];
  for (const a of s.accounts) {
    lines.push(
      `  ${a.address} (${a.kind}, password "${a.password}")`,
      `    mail       ${a.mail.messages} messages in ${a.mail.folders.length} folders, ${a.mail.withAttachments} with attachments (${a.mail.attachments}), ${a.mail.html} HTML, ${a.mail.copies} filed twice, ${mib(a.mail.bytes)}`,
      `    calendars  ${a.calendars.calendars.join(", ")}: ${a.calendars.events} events, ${a.calendars.series} series, ${a.calendars.overrides} moved, ${a.calendars.exdates} cancelled`,
      `    contacts   ${a.contacts.cards} cards in ${a.contacts.addressBooks.join(", ")}, ${a.contacts.withPhoto} with photos`,
      `    onedrive   ${a.onedrive.files} files (${a.onedrive.images} images), ${a.onedrive.folders} folders (${a.onedrive.emptyFolders} empty), ${mib(a.onedrive.bytes)}; largest ${a.onedrive.largestFile.path} (${mib(a.onedrive.largestFile.bytes)})`,
    );
    if (a.bitlocker.keys) lines.push(`    bitlocker  ${a.bitlocker.keys} recovery keys`);
  }
  lines.push(`  vault: ${s.vault.otpEntries} OTP entries, ${s.vault.bitlockerKeyFiles} BitLocker key file (${s.vault.files.join(", ")})`);
  process.stdout.write(lines.join("\n") + "\n");
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`demo-seed-main: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
