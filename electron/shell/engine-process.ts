/**
 * The engine's process: an Electron utilityProcess (plain Node, no window, no Electron API used)
 * running the app service. Keeping it out of main means a slow backup never blocks the window and
 * a crash in the engine is survived: main answers what was open and starts a new one.
 */
import { createAppService } from "../app-service/app-service.js";
import type { AppServiceHost } from "../app-service/app-service-host.js";
import { KeyringSecretStore } from "../engine/secrets/keyring-secret-store.js";
import type { SecretStore } from "../engine/secrets/secret-store.js";
import { HostClient, serveEngine } from "./engine-link/engine-server.js";
import type { ParentPortLike } from "./engine-link/engine-server.js";
import { AUTHORITY_ENV } from "./security/configured-authorities.js";

function keychain(): SecretStore | null {
  if (process.env.LIFEBOAT_NO_KEYCHAIN === "1") return null;
  try {
    return new KeyringSecretStore();
  } catch (err) {
    // No keychain (e.g. no Secret Service on this Linux desktop): the app asks for the passphrase.
    console.error(`Lifeboat engine: no OS keychain (${(err as Error).message})`);
    return null;
  }
}

/** Where new Microsoft accounts sign in, when not Microsoft's public cloud (the CLI's variables). */
function microsoftFromEnv(): AppServiceHost["microsoft"] {
  const env = process.env;
  return {
    ...(env[AUTHORITY_ENV] ? { authority: env[AUTHORITY_ENV] } : {}),
    ...(env.LIFEBOAT_MS_GRAPH ? { graphEndpoint: env.LIFEBOAT_MS_GRAPH } : {}),
    ...(env.LIFEBOAT_MS_CLIENT_ID ? { clientId: env.LIFEBOAT_MS_CLIENT_ID } : {}),
  };
}

async function main(): Promise<void> {
  const parent = process.parentPort;
  const port: ParentPortLike = {
    postMessage: (m) => parent.postMessage(m),
    onMessage: (listener) => parent.on("message", (e) => listener(e.data)),
  };
  const hostClient = new HostClient(port);
  const host: AppServiceHost = {
    // main checks the URL against its allowlist before opening it.
    openExternal: (url) => hostClient.ask({ op: "open-external", url }),
    notify: (title, body) => hostClient.notify(title, body),
    secrets: keychain(),
    microsoft: microsoftFromEnv(),
  };
  const service = await createAppService(host);
  await serveEngine(port, hostClient, service);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error("Lifeboat engine failed to start:", err);
  process.exit(1);
});
