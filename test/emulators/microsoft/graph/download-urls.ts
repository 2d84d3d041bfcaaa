// Pre-authenticated download URLs, as /content's 302 and @microsoft.graph.downloadUrl give them:
// "…/_layouts/15/download.aspx?UniqueId=…&Translate=false&tempauth=v1.<claims>.<opaque>.<sig>&ApiVersion=2.0",
// the shape both OneDrive for Business and (since 2024) consumer OneDrive use. The tempauth token
// embeds its expiry (clients such as Corso read `exp` to refresh URLs early); after it, the URL
// answers 401 like SharePoint does. No Authorization header is needed or looked at. Range is
// honoured (206), unless a test makes the server ignore it (the docs say it "may"). Generated files
// (generated-content.ts) are served the same way, produced while they are sent.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { EmulatorClock } from "../emulator-contract.js";
import type { GeneratedContent } from "./generated-content.js";
import { bytesResponse, emptyResponse, jsonResponse, streamedResponse, type GraphResponse } from "./graph-context.js";
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
  content: Buffer | GeneratedContent;
  name: string;
  mimeType: string;
  eTag: string;
  malware?: string;
}

/** One answer that carried bytes: which of the file's bytes [start, end] it sent (or began to). */
export interface ServedRange {
  status: 200 | 206;
  start: number;
  end: number;
  size: number;
}

const SERVED_KEPT = 100;

export class DownloadUrls {
  private readonly key = randomBytes(32);
  /** The last answers with bytes (oldest first), so a test can see that a download resumed with Range. */
  readonly served: ServedRange[] = [];
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
    const content = target.content;
    const size = Buffer.isBuffer(content) ? content.length : content.size;
    const body = (status: 200 | 206, start: number, end: number, extra: Record<string, string>): GraphResponse => {
      this.served.push({ status, start, end, size });
      if (this.served.length > SERVED_KEPT) this.served.shift();
      if (Buffer.isBuffer(content)) return bytesResponse(content.subarray(start, end + 1), "application/octet-stream", status, extra);
      return streamedResponse({ length: end + 1 - start, open: () => content.stream(start, end + 1) }, "application/octet-stream", status, extra);
    };
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
      return body(206, start, end, { ...headers, "content-range": `bytes ${start}-${end}/${size}` });
    }
    return body(200, 0, size - 1, headers);
  }

  /** The answer SharePoint gives for an expired or forged tempauth. */
  static refused(kind: "expired" | "invalid"): GraphResponse {
    const description = kind === "expired" ? "Token expired: the tempauth lifetime has passed." : "Invalid tempauth token.";
    return jsonResponse({ error_description: description }, 401, { "www-authenticate": 'Bearer realm="emulator", error="invalid_token"' });
  }
}
