/**
 * A throwaway certificate authority and a localhost server certificate for the emulators.
 *
 * The emulators speak HTTPS like the real services, and the client trusts them the same way a
 * corporate TLS-inspection proxy is trusted: the CA's PEM goes into Lifeboat's extra trust store
 * (LIFEBOAT_EXTRA_CA_CERTS / addTrustedCaPem). Nothing here is ever written to disk or to the
 * system trust store; every call makes new keys, so no two test runs share a CA.
 */
// @peculiar/x509 uses tsyringe for its algorithm providers, which needs the Reflect metadata
// polyfill loaded before the library itself.
import "reflect-metadata";
import { webcrypto, randomBytes } from "node:crypto";
import * as x509 from "@peculiar/x509";

export interface LocalTls {
  /** The CA certificate the client must trust. */
  caCertPem: string;
  /** The server's leaf certificate (signed by the CA). */
  certPem: string;
  /** The leaf's private key, PKCS#8 PEM. */
  keyPem: string;
}

export interface LocalTlsOptions {
  /** Names and IP addresses the leaf is valid for; default localhost, 127.0.0.1 and ::1. */
  hosts?: string[];
}

const DEFAULT_HOSTS = ["localhost", "127.0.0.1", "::1"];
const EC_KEY: webcrypto.EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
const SIGNING: webcrypto.EcdsaParams = { name: "ECDSA", hash: "SHA-256" };
const DAY_MS = 24 * 60 * 60 * 1000;

function isIpAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(":");
}

/** A positive serial number (the top bit cleared so DER does not read it as negative). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString("hex");
}

function keyToPem(pkcs8: ArrayBuffer): string {
  return x509.PemConverter.encode(pkcs8, "PRIVATE KEY");
}

export async function createLocalTls(opts: LocalTlsOptions = {}): Promise<LocalTls> {
  const crypto = webcrypto;
  x509.cryptoProvider.set(crypto);
  const hosts = opts.hosts && opts.hosts.length > 0 ? opts.hosts : DEFAULT_HOSTS;
  // Backdated a day so a test clock or a slightly skewed machine never sees "not yet valid".
  const notBefore = new Date(Date.now() - DAY_MS);
  const notAfter = new Date(Date.now() + 30 * DAY_MS);

  const caKeys = (await crypto.subtle.generateKey(EC_KEY, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const caName = `CN=Lifeboat test CA ${serialNumber().slice(0, 8)}, O=Lifeboat emulators`;
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: caName,
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  const leafKeys = (await crypto.subtle.generateKey(EC_KEY, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const leafCert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: `CN=${hosts[0] ?? "localhost"}`,
    issuer: caCert.subject,
    notBefore,
    notAfter,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        hosts.map((host) => (isIpAddress(host) ? { type: "ip" as const, value: host } : { type: "dns" as const, value: host })),
      ),
      await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  return {
    caCertPem: caCert.toString("pem"),
    certPem: leafCert.toString("pem"),
    keyPem: keyToPem(await crypto.subtle.exportKey("pkcs8", leafKeys.privateKey)),
  };
}
