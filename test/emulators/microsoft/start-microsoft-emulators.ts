// Starts the emulated Microsoft cloud: the identity platform (login.microsoftonline.com) and Graph
// on one local CA, seeded from a folder (or a store built in code). The Graph emulator checks
// bearer tokens with the identity emulator's verifier, as a resource server checks Microsoft's
// signatures; the identity emulator is told Graph's URL so scopes may be written against it.
import type { AccessTokenVerifier, EmulatedAccount, EmulatorClock, VerifyResult } from "./emulator-contract.js";
import { systemClock } from "./emulator-contract.js";
import { AccountStore } from "./graph/account-store.js";
import { startGraphEmulator, type GraphEmulator } from "./graph/graph-emulator.js";
import { startIdentityEmulator, type IdentityEmulator } from "./identity/identity-emulator.js";
import { loadSeed, type AccountSeedReport } from "./seed/load-seed.js";
import { createLocalTls } from "../tls/local-ca.js";

export interface StartMicrosoftEmulatorsOptions {
  /** A seed folder (DIR/microsoft/<address>/...); optional when `store` is given. */
  seedDir?: string;
  /** Accounts built in code (or seeded earlier); seedDir adds to it. */
  store?: AccountStore;
  clock?: EmulatorClock;
  graphPort?: number;
  identityPort?: number;
}

export interface MicrosoftEmulators {
  /** The identity emulator's base URL; authorities are `${authorityBase}/common` etc. */
  authorityBase: string;
  /** Graph's endpoint without the version, e.g. https://127.0.0.1:40124 (the client adds /v1.0). */
  graphUrl: string;
  /** PEM of the CA both servers' certificates chain to: the client must trust it. */
  caCertPem: string;
  /** The accounts as the identity emulator knows them (address, kind, password, oid, tid). */
  accounts: EmulatedAccount[];
  /** The data behind Graph; change it while the emulators run. */
  store: AccountStore;
  /** What seeding could not take as written, per account. */
  seedReports: AccountSeedReport[];
  identity: IdentityEmulator;
  graph: GraphEmulator;
  close(): Promise<void>;
}

/** Forwards to the identity emulator's verifier once it exists (Graph has to start first). */
class LateVerifier implements AccessTokenVerifier {
  target: AccessTokenVerifier | undefined;

  verify(bearerToken: string): VerifyResult {
    return this.target ? this.target.verify(bearerToken) : { ok: false, reason: "invalid" };
  }
}

export async function startMicrosoftEmulators(opts: StartMicrosoftEmulatorsOptions): Promise<MicrosoftEmulators> {
  const clock = opts.clock ?? systemClock;
  let store = opts.store;
  let seedReports: AccountSeedReport[] = [];
  if (opts.seedDir) {
    const loaded = await loadSeed(opts.seedDir, store ? { store } : { clock });
    store = loaded.store;
    seedReports = loaded.reports;
  }
  if (!store) store = new AccountStore(clock);
  const tls = await createLocalTls();
  const verifier = new LateVerifier();
  const graph = await startGraphEmulator({ accounts: store, verifier, tls, clock, ...(opts.graphPort !== undefined ? { port: opts.graphPort } : {}) });
  let identity: IdentityEmulator;
  try {
    identity = await startIdentityEmulator({
      accounts: store.emulatedAccounts(),
      tls,
      clock,
      graphUrl: graph.url,
      ...(opts.identityPort !== undefined ? { port: opts.identityPort } : {}),
    });
  } catch (err) {
    await graph.close();
    throw err;
  }
  verifier.target = identity.verifier;
  return {
    authorityBase: identity.url,
    graphUrl: graph.url,
    caCertPem: tls.caCertPem,
    accounts: store.emulatedAccounts(),
    store,
    seedReports,
    identity,
    graph,
    close: async () => {
      await Promise.all([graph.close(), identity.close()]);
    },
  };
}
