// A complete app for the browser tests and `npm run ui:preview`: a private app home, the emulated
// Microsoft cloud with the built-in demo accounts, the real app service, and the bridge serving
// the UI. Sign-in pages the service "opens in the browser" are played by the emulated user, as a
// person would (the address comes from the page's login hint: pass loginHint to pick the account).
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { EventMap, EventName, Reply } from "../../shared/app-api.js";
import type { JobOutcome } from "../../shared/app-types.js";
import type { AppServiceApi } from "../../electron/app-service/app-service-host.js";
import { createAppService } from "../../electron/app-service/app-service.js";
import { addTrustedCaPem } from "../../electron/engine/net/tls-trust.js";
import { MemorySecretStore } from "../../electron/engine/secrets/memory-secret-store.js";
import { writeDemoSeed, type DemoSeedSummary } from "../emulators/demo/write-demo-seed.js";
import { emulatedBrowser } from "../emulators/microsoft/emulated-user.js";
import { startMicrosoftEmulators, type MicrosoftEmulators } from "../emulators/microsoft/start-microsoft-emulators.js";
import { startBridge } from "./bridge-server.js";

export const TEST_APP_PASSPHRASE = "lifeboat-demo-passphrase";
/** Fast enough for tests and the preview; the real app uses the CLI's default. */
const TEST_SCRYPT_LOG_N = 14;

export interface TestAppOptions {
  /** First run: no archive yet. */
  fresh?: boolean;
  /** Adds a folder "Big folder" with this many generated messages to the personal demo mailbox. */
  mailboxSize?: number;
  /** The UI build to serve (default dist/ui-bridge of this repository). */
  staticDir?: string;
  port?: number;
}

export interface TestApp {
  url: string;
  home: string;
  archivePath: string | null;
  passphrase: string;
  service: AppServiceApi;
  /** Shown once when the archive was created here (default mode). */
  recoveryKey: string | null;
  emulators: MicrosoftEmulators;
  seed: DemoSeedSummary;
  close(): Promise<void>;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** A request through the service that must succeed (setup steps). */
export async function must<T>(service: AppServiceApi, channel: string, request: unknown): Promise<T> {
  const r = (await service.handle(channel, request)) as Reply<T>;
  if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** Starts a job through `start` and waits for its job-finished event. */
export async function runJob(service: AppServiceApi, start: () => Promise<{ jobId: string }>): Promise<JobOutcome> {
  const finished = new Map<string, JobOutcome>();
  let wanted: string | null = null;
  let resolve!: (o: JobOutcome) => void;
  const done = new Promise<JobOutcome>((r) => (resolve = r));
  const off = service.subscribe(<E extends EventName>(event: E, payload: EventMap[E]) => {
    if (event !== "job-finished") return;
    const o = payload as JobOutcome;
    if (o.id === wanted) resolve(o);
    else finished.set(o.id, o);
  });
  try {
    const { jobId } = await start();
    wanted = jobId;
    const early = finished.get(jobId);
    if (early) return early;
    return await done;
  } finally {
    off();
  }
}

export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const work = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-test-app-"));
  const home = path.join(work, "home");
  await fsp.mkdir(home, { recursive: true });
  const seedDir = path.join(work, "seed");
  const seed = await writeDemoSeed(seedDir);
  const emulators = await startMicrosoftEmulators({ seedDir });
  let service: AppServiceApi | null = null;
  let bridge: { url: string; close(): Promise<void> } | null = null;
  try {
    addTrustedCaPem(emulators.caCertPem, "the emulators' local CA");
    for (const a of emulators.accounts) if (a.kind === "work") emulators.identity.grantAdminConsent(a.tid, ["BitLockerKey.Read.All"]);
    if (opts.mailboxSize) {
      const personal = emulators.store.list().find((a) => a.kind === "personal")!;
      const folder = personal.mail.addFolder({ displayName: "Big folder" });
      personal.mail.addGeneratedMessages(folder, opts.mailboxSize, { seed: "test-app-big", bodyBytes: 400 });
    }
    const personal = emulators.accounts.find((a) => a.kind === "personal") ?? emulators.accounts[0]!;
    const openExternal = async (url: string): Promise<void> => {
      const hint = new URL(url).searchParams.get("login_hint")?.toLowerCase();
      const user = emulators.accounts.find((a) => a.address.toLowerCase() === hint) ?? personal;
      await emulatedBrowser({ address: user.address, password: user.password }, emulators.caCertPem)(url);
    };
    service = createAppService({
      openExternal,
      secrets: new MemorySecretStore(),
      home,
      defaultArchiveDir: path.join(work, "Lifeboat Archive"),
      microsoft: { authority: emulators.identity.authority("common"), graphEndpoint: emulators.graphUrl },
      scryptLogN: TEST_SCRYPT_LOG_N,
    });
    let archivePath: string | null = null;
    let recoveryKey: string | null = null;
    if (!opts.fresh) {
      const svc = service;
      archivePath = path.join(work, "Lifeboat Archive");
      recoveryKey = (await must<{ recoveryKey: string }>(svc, "archive:create", { path: archivePath, passphrase: TEST_APP_PASSPHRASE, remember: false })).recoveryKey;
      for (const a of emulators.accounts) await must(svc, "accounts:add-microsoft", { accountType: a.kind, loginHint: a.address });
      const outcome = await runJob(svc, () => must(svc, "backup:start", {}));
      if (!outcome.ok) throw new Error(`the first backup failed: ${outcome.summary}`);
    }
    bridge = await startBridge({ service, staticDir: opts.staticDir ?? path.join(repoRoot, "dist", "ui-bridge"), ...(opts.port !== undefined ? { port: opts.port } : {}) });
    const svc = service;
    const br = bridge;
    return {
      url: bridge.url,
      home,
      archivePath,
      passphrase: TEST_APP_PASSPHRASE,
      service,
      recoveryKey,
      emulators,
      seed,
      close: async () => {
        await br.close();
        await svc.close();
        await emulators.close();
        await fsp.rm(work, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await bridge?.close().catch(() => undefined);
    await service?.close().catch(() => undefined);
    await emulators.close();
    await fsp.rm(work, { recursive: true, force: true });
    throw err;
  }
}
