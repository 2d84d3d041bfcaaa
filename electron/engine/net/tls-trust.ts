/**
 * The one HTTPS agent every Lifeboat network client uses (MSAL's network module, the Graph client).
 *
 * Why a shared agent with an explicit trust store: a corporate TLS-inspection proxy re-signs
 * Microsoft's certificates with the company's own CA, which Node's bundled roots do not know. The
 * user (or IT) points LIFEBOAT_EXTRA_CA_CERTS at that CA's PEM file and Lifeboat trusts it in
 * addition to the normal roots. The tests and the demo trust the emulators' throwaway CA the same
 * way (the file, or addTrustedCaPem for the in-process demo), so there is no emulator-only path.
 *
 * Passing `ca` to an agent replaces Node's default store, which would silently drop
 * NODE_EXTRA_CA_CERTS; that file is therefore read and included too.
 */
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import https from "node:https";
import tls from "node:tls";
import { LifeboatError } from "../errors.js";

export const EXTRA_CA_ENV = "LIFEBOAT_EXTRA_CA_CERTS";

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Splits PEM text into certificates, each checked to parse, so a bad file fails with its name. */
export function parsePemCertificates(text: string, origin: string): string[] {
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw new LifeboatError(`${origin} contains no PEM certificate ("-----BEGIN CERTIFICATE-----"). Give a CA certificate in PEM format.`);
  }
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new LifeboatError(`${origin} holds a certificate that cannot be read (${(error as Error).message}).`);
    }
  }
  return blocks;
}

function readPemFile(file: string, envName: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new LifeboatError(`${envName} names ${file}, which cannot be read (${code}). Fix the path or unset ${envName}.`);
  }
  return parsePemCertificates(text, `${envName} file ${file}`);
}

let extraCas: string[] = [];
let envLoaded = false;
let agent: https.Agent | undefined;

function loadEnvOnce(): void {
  if (envLoaded) return;
  const found: string[] = [];
  const nodeExtra = process.env.NODE_EXTRA_CA_CERTS;
  if (nodeExtra) found.push(...readPemFile(nodeExtra, "NODE_EXTRA_CA_CERTS"));
  const ours = process.env[EXTRA_CA_ENV];
  if (ours) found.push(...readPemFile(ours, EXTRA_CA_ENV));
  extraCas = [...found, ...extraCas];
  envLoaded = true;
}

/** Node's bundled roots plus every extra CA: what the shared agent trusts. */
export function trustedCertificates(): string[] {
  loadEnvOnce();
  return [...tls.rootCertificates, ...extraCas];
}

/**
 * The shared keep-alive agent. Ask for it per request rather than keeping it: adding a CA
 * replaces it, so that pooled connections made under the old trust store are not reused.
 */
export function httpsAgent(): https.Agent {
  if (!agent) {
    loadEnvOnce();
    // A `ca` option becomes part of the agent's connection-pool key, which Node rebuilds by
    // concatenating every certificate on every request (~2 ms with the full root store). A
    // prebuilt secure context is not part of that key. Without extra CAs Node's defaults apply.
    agent =
      extraCas.length === 0
        ? new https.Agent({ keepAlive: true, maxSockets: 16 })
        : new https.Agent({ keepAlive: true, maxSockets: 16, secureContext: tls.createSecureContext({ ca: trustedCertificates() }) });
  }
  return agent;
}

/** Trusts the CA certificate(s) in `pem` from now on (the in-process demo trusts its emulators). */
export function addTrustedCaPem(pem: string, origin = "the added CA certificate"): void {
  loadEnvOnce();
  const blocks = parsePemCertificates(pem, origin).filter((block) => !extraCas.includes(block));
  if (blocks.length === 0) return;
  extraCas = [...extraCas, ...blocks];
  // Not destroyed: requests in flight on the old agent finish; its idle sockets are unref'd and
  // close on their own.
  agent = undefined;
}

/** Closes the current agent's sockets (shutdown, tests); the next httpsAgent() builds a new one. */
export function resetHttpsAgent(): void {
  agent?.destroy();
  agent = undefined;
}
