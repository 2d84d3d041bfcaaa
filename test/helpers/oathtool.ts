// Reference codes from Debian's `oathtool` (OATH Toolkit), an independent implementation. It only
// does 6–8 digits and HOTP with SHA1, so: more digits are checked on their last 8, and HOTP with
// SHA256/512 is computed as TOTP with a 1 s step at time = counter (the same HMAC input).
import { execFileSync } from "node:child_process";
import type { OtpAlgorithm } from "../../shared/vault-types.js";

export interface OathRequest {
  secret: string;
  algorithm: OtpAlgorithm;
  digits: number;
  /** TOTP at this Unix time (s) with this period; or HOTP at `counter`. */
  period?: number;
  atSeconds?: number;
  counter?: number;
  /** How many successive codes (oathtool -w). */
  count?: number;
}

export function oathtool(req: OathRequest): string[] {
  const digits = Math.min(8, req.digits);
  const args = [`--digits=${digits}`, "-b"];
  if (req.counter !== undefined && req.algorithm === "SHA1") args.push("--hotp", `-c`, String(req.counter));
  else if (req.counter !== undefined) args.push(`--totp=${req.algorithm}`, "-s", "1s", `--now=@${req.counter}`);
  else args.push(`--totp=${req.algorithm}`, "-s", `${req.period ?? 30}s`, `--now=@${req.atSeconds ?? 0}`);
  if ((req.count ?? 1) > 1) args.push("-w", String((req.count ?? 1) - 1));
  // The key is read from stdin ("-") so it does not show in the process list.
  args.push("-");
  return execFileSync("oathtool", args, { input: req.secret, encoding: "utf8" }).trim().split("\n");
}
