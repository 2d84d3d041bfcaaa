import { createAppService } from "../../app-service/app-service.js";
import type { AppServiceHost } from "../../app-service/app-service-host.js";
import { KeyringSecretStore } from "../../engine/secrets/keyring-secret-store.js";
import type { SecretStore } from "../../engine/secrets/secret-store.js";
import { AUTHORITY_ENV } from "../security/configured-authorities.js";
import { HostClient, PowerRelay, serveEngine } from "./engine-server.js";
import type { ParentPortLike } from "./engine-server.js";

/** Electron's `process.parentPort` as the engine uses it (messages arrive as `{ data }`). */
export interface ElectronParentPort {
  on(event: "message", listener: (messageEvent: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

function keychain(env: NodeJS.ProcessEnv): SecretStore | null {
  if (env.LIFEBOAT_NO_KEYCHAIN === "1") return null;
  try {
    return new KeyringSecretStore();
  } catch (err) {
    // No keychain (e.g. no Secret Service on this Linux desktop): the app asks for the passphrase.
    console.error(`Lifeboat engine: no OS keychain (${(err as Error).message})`);
    return null;
  }
}

/** Where new Microsoft accounts sign in, when not Microsoft's public cloud (the CLI's variables). */
function microsoftFromEnv(env: NodeJS.ProcessEnv): AppServiceHost["microsoft"] {
  return {
    ...(env[AUTHORITY_ENV] ? { authority: env[AUTHORITY_ENV] } : {}),
    ...(env.LIFEBOAT_MS_GRAPH ? { graphEndpoint: env.LIFEBOAT_MS_GRAPH } : {}),
    ...(env.LIFEBOAT_MS_CLIENT_ID ? { clientId: env.LIFEBOAT_MS_CLIENT_ID } : {}),
  };
}

/**
 * How the OS scheduler starts a headless backup: the packaged app's own binary with --headless, or
 * in development the Node binary and the CLI script main names (LIFEBOAT_HEADLESS_NODE / _CLI).
 */
function headlessFromEnv(env: NodeJS.ProcessEnv): AppServiceHost["headless"] {
  if (env.LIFEBOAT_HEADLESS_NODE && env.LIFEBOAT_HEADLESS_CLI) return { execPath: env.LIFEBOAT_HEADLESS_NODE, cliScript: env.LIFEBOAT_HEADLESS_CLI };
  return { execPath: env.LIFEBOAT_APP_EXEC ?? process.execPath, cliScript: null };
}

/**
 * The engine process's whole life: the app service behind the parent port, with a host that asks
 * main to open links (main checks its allowlist) and to show notifications. Resolves once main
 * asked for shutdown and the service closed. No Electron API is used, so plain Node runs it too.
 */
export async function runEngine(parent: ElectronParentPort, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const port: ParentPortLike = {
    postMessage: (m) => parent.postMessage(m),
    onMessage: (listener) => parent.on("message", (e) => listener(e.data)),
  };
  const hostClient = new HostClient(port);
  const power = new PowerRelay();
  const host: AppServiceHost = {
    openExternal: (url) => hostClient.ask({ op: "open-external", url }),
    notify: (title, body) => hostClient.notify(title, body),
    secrets: keychain(env),
    microsoft: microsoftFromEnv(env),
    // The desktop app runs backups on its own schedule; main forwards the power events.
    scheduler: env.LIFEBOAT_NO_SCHEDULER !== "1",
    isOnBatterySaver: () => power.onBattery,
    onPowerEvent: (listener) => power.subscribe(listener),
    headless: headlessFromEnv(env),
  };
  await serveEngine(port, hostClient, createAppService(host), power);
}
