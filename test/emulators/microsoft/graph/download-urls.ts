// Pre-authenticated download URLs, as /content's 302 and @microsoft.graph.downloadUrl give them:
// "…/_layouts/15/download.aspx?UniqueId=…&Translate=false&tempauth=v1.<claims>.<opaque>.<sig>&ApiVersion=2.0",
// the shape both OneDrive for Business and (since 2024) consumer OneDrive use. The tempauth token
// embeds its expiry (clients such as Corso read `exp` to refresh URLs early); after it, the URL
// answers 401 like SharePoint does. No Authorization header is needed or looked at. Range is
// honoured (206), unless a test makes the server ignore it (the docs say it "may").
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { EmulatorClock } from "../emulator-contract.js";
import { bytesResponse, emptyResponse, jsonResponse, type GraphResponse } from "./graph-context.js";
import { stableGuid } from "./graph-ids.js";

export interface DownloadClaims {
  /** Account oid. */
  acc: string;
  /** Drive item serial. */
  item: number;
  nbf: number;
  /** Expiry, seconds since the epoch (JWT style). */
  exp: number;
}

export interface DownloadTarget {
  content: Buffer;
  name: string;
  mimeType: string;
  eTag: string;
  malware?: string;
}

export class DownloadUrls {
  private readonly key = randomBytes(32);
  /** How long a URL works; real ones last "a few minutes" to about an hour. */
  lifetimeMs = 60 * 60 * 1000;
  /** When true the server sends 200 and the whole file even for a Range request. */
  ignoreRange = false;

  constructor(private readonly clock: EmulatorClock) {}

  private sign(data: string): string {
    return createHmac("sha256", this.key).update(data).digest("base64url");
  }

  issue(origin: string, accountOid: string, itemSerial: number, itemId: string): string {
    const now = Math.floor(this.clock.now() / 1000);
    const claims: DownloadClaims = { acc: accountOid, item: itemSerial, nbf: now - 5, exp: now + Math.ceil(this.lifetimeMs / 1000) };
    const payload = Buffer.from(JSON.stringify({ aud: "00000003-0000-0ff1-ce00-000000000000/emulator", iss: "00000003-0000-0ff1-ce00-000000000000", ...claims })).toString("base64url");
    // The second segment is encrypted in real tokens; here it is just opaque filler.
    const opaque = randomBytes(24).toString("base64url");
    const token = `v1.${payload}.${opaque}.${this.sign(`${payload}.${opaque}`)}`;
    const uniqueId = stableGuid(`${accountOid}:${itemId}`);
    return `${origin}/_layouts/15/download.aspx?UniqueId=${uniqueId}&Translate=false&tempauth=${token}&ApiVersion=2.0`;
  }

  /** The claims of a valid token, "expired", or "invalid". */
  verify(tempauth: string | null): DownloadClaims | "expired" | "invalid" {
    if (!tempauth) return "invalid";
    const parts = tempauth.split(".");
    if (parts.length !== 4 || parts[0] !== "v1") return "invalid";
    const [, payload = "", opaque = "", sig = ""] = parts;
    const expected = Buffer.from(this.sign(`${payload}.${opaque}`));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "invalid";
    let claims: DownloadClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as DownloadClaims;
    } catch {
      return "invalid";
    }
    const now = this.clock.now() / 1000;
    if (now >= claims.exp || now < claims.nbf) return "expired";
    return claims;
  }

  /** Serves the bytes for a verified URL, with Range support. */
  serve(target: DownloadTarget, rangeHeader: string | undefined, ifNoneMatch: string | undefined): GraphResponse {
    const headers: Record<string, string> = {
      "accept-ranges": "bytes",
      etag: target.eTag,
      "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(target.name)}`,
    };
    // Files a scanner flagged still download from the URL, but say so (Corso checks this header).
    if (target.malware) headers["x-virus-infected"] = "true";
    if (ifNoneMatch && ifNoneMatch === target.eTag) return emptyResponse(304, headers);
    const size = target.content.length;
    const range = rangeHeader && !this.ignoreRange ? /^bytes=(\d*)-(\d*)$/.exec(rangeHeader.trim()) : null;
    if (range && (range[1] !== "" || range[2] !== "")) {
      let start: number;
      let end: number;
      if (range[1] === "") {
        const suffix = Number(range[2]);
        start = Math.max(0, size - suffix);
        end = size - 1;
      } else {
        start = Number(range[1]);
        end = range[2] === "" ? size - 1 : Math.min(Number(range[2]), size - 1);
      }
      if (start >= size || end < start) {
        return jsonResponse({ error: { code: "invalidRange", message: "The requested range is not satisfiable." } }, 416, { ...headers, "content-range": `bytes */${size}` });
      }
      return bytesResponse(target.content.subarray(start, end + 1), "application/octet-stream", 206, { ...headers, "content-range": `bytes ${start}-${end}/${size}` });
    }
    return bytesResponse(target.content, "application/octet-stream", 200, headers);
  }

  /** The answer SharePoint gives for an expired or forged tempauth. */
  static refused(kind: "expired" | "invalid"): GraphResponse {
    const description = kind === "expired" ? "Token expired: the tempauth lifetime has passed." : "Invalid tempauth token.";
    return jsonResponse({ error_description: description }, 401, { "www-authenticate": 'Bearer realm="emulator", error="invalid_token"' });
  }
}
