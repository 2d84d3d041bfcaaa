// A big mailbox through `lifeboat backup`: the first full run, a run with nothing changed, and a
// run after 100 changes (new, moved, permanently deleted, flagged), each with its wall time, peak
// RSS and the Graph requests the emulator counted. The point of the last two is the shape of the
// cost: a no-change run should be a handful of delta pages, a run after N changes O(N) requests.
import { readFile, rm } from "node:fs/promises";
import type { AccountData } from "../emulators/microsoft/graph/account-store.js";
import type { GeneratedBatch } from "../emulators/microsoft/graph/mail-store.js";
import type { MicrosoftBenchContext } from "./bench-microsoft.js";
import type { Measurement } from "./bench-process.js";

/** Where the generated messages go: share of the mailbox and body size (bytes) per folder. */
const LAYOUT: ReadonlyArray<readonly [folder: string, share: number, bodyBytes: number]> = [
  ["inbox", 0.6, 3000],
  ["archive", 0.25, 6000],
  ["sentitems", 0.15, 1500],
];
/** 25 of each kind: 100 changes. */
const EACH = 25;

export interface MailRun {
  m: Measurement;
  /** Graph requests by route, as the emulator counted them. */
  requests: Record<string, number>;
  total: number;
  /** MIME downloads (`$value`). */
  mime: number;
  /** Message delta pages. */
  deltaPages: number;
  items: { items: number; newItems: number; changedItems: number; unchangedItems: number };
}

export interface MailBenchResult {
  messages: number;
  /** Approximate MIME bytes of the mailbox (the emulator's size estimate). */
  approxBytes: number;
  full: MailRun;
  unchanged: MailRun;
  changed: MailRun;
  changes: { added: number; moved: number; deleted: number; flagged: number };
}

interface BackupJson {
  failed: unknown[];
  interrupted: boolean;
  snapshot: { sources: Record<string, { items: number; newItems: number; changedItems: number; unchangedItems: number; failed?: unknown[] }> };
}

export async function benchMicrosoftMail(ctx: MicrosoftBenchContext, account: AccountData, messages: number): Promise<MailBenchResult> {
  const { emu, opts } = ctx;
  const mailbox = account.mail;
  const batches = new Map<string, GeneratedBatch>();
  let approxBytes = 0;
  let placed = 0;
  for (const [i, [folder, share, bodyBytes]] of LAYOUT.entries()) {
    const count = i === LAYOUT.length - 1 ? messages - placed : Math.round(messages * share);
    placed += count;
    batches.set(folder, mailbox.addGeneratedMessages(folder, count, { seed: `bench-${opts.seed}-${folder}`, bodyBytes }));
    approxBytes += count * (450 + bodyBytes);
  }
  opts.log(`microsoft mail: ${messages} generated messages (≈${Math.round(approxBytes / 1024 / 1024)} MiB of MIME) in ${LAYOUT.map(([f]) => f).join(", ")}`);
  const env = await ctx.archiveWith("mail", account.address);
  const control = emu.graph.control;

  const run = async (phase: string): Promise<MailRun> => {
    control.requests.reset();
    const m = await ctx.lifeboat(phase, ["backup", "--json", "--no-progress"], env);
    const out = JSON.parse(await readFile(m.stdoutFile, "utf8")) as BackupJson;
    const src = out.snapshot.sources[account.address];
    if (out.failed.length || out.interrupted || !src || src.failed?.length) throw new Error(`mail ${phase} reported failures: ${JSON.stringify(out.failed).slice(0, 500)}`);
    const requests = control.requests.snapshot();
    const sum = (re: RegExp): number => Object.entries(requests).reduce((n, [k, v]) => (re.test(k) ? n + v : n), 0);
    return {
      m,
      requests,
      total: sum(/./),
      mime: sum(/\/\$value$/),
      deltaPages: sum(/\/messages\/delta$/),
      items: { items: src.items, newItems: src.newItems, changedItems: src.changedItems, unchangedItems: src.unchangedItems },
    };
  };

  opts.log(`microsoft mail: first full backup of ${messages} messages`);
  const full = await run(`mail full backup, ${messages} messages`);
  opts.log("microsoft mail: no-change run");
  const unchanged = await run("mail no-change run");

  // 100 changes, spread over the mailbox: new mail arrives, some is filed away, some deleted for
  // good (not just moved to Deleted Items, which would be another move), some flagged.
  const inbox = batches.get("inbox")!;
  const archived = batches.get("archive")!;
  const sent = batches.get("sentitems")!;
  const spread = (batch: GeneratedBatch, k: number, offset: number): string => batch.idAt((offset + Math.floor((k * batch.count) / EACH)) % batch.count);
  mailbox.addGeneratedMessages("inbox", EACH, { seed: `bench-${opts.seed}-new`, bodyBytes: 3000, isRead: false });
  for (let k = 0; k < EACH; k++) mailbox.moveMessage(spread(inbox, k, 0), "archive");
  for (let k = 0; k < EACH; k++) mailbox.deleteMessage(k % 2 ? spread(archived, k, 1) : spread(sent, k, 1), { permanent: true });
  for (let k = 0; k < EACH; k++) mailbox.updateMessage(spread(inbox, k, 2), { flag: { flagStatus: "flagged" } });
  opts.log("microsoft mail: run after 100 changes");
  const changed = await run("mail after 100 changes");
  if (process.env["BENCH_KEEP"] !== "1") await rm(String(env["LIFEBOAT_ARCHIVE"]), { recursive: true, force: true });
  return { messages, approxBytes, full, unchanged, changed, changes: { added: EACH, moved: EACH, deleted: EACH, flagged: EACH } };
}
