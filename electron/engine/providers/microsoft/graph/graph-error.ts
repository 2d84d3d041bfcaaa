import { ExitCode } from "../../../../../shared/archive-types.js";
import { LifeboatError } from "../../../errors.js";

/**
 * An error answer from Microsoft Graph, in its documented shape
 * `{"error":{"code","message","innerError":{"code"?, "request-id", "date", ...}}}`. Codes are compared
 * case-insensitively and the inner chain is walked, because Exchange and OneDrive spell the same
 * condition differently (`SyncStateNotFound` vs `syncStateNotFound`, `resyncRequired`...).
 */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly innerCodes: string[] = [],
    readonly requestId?: string,
    readonly headers: Record<string, string | string[] | undefined> = {},
  ) {
    super(message);
    this.name = "GraphError";
  }

  /** True if the main or any inner code equals one of `codes` (case-insensitive). */
  has(...codes: string[]): boolean {
    const want = new Set(codes.map((c) => c.toLowerCase()));
    return want.has(this.code.toLowerCase()) || this.innerCodes.some((c) => want.has(c.toLowerCase()));
  }

  /** One line for logs and the run report; never contains user content beyond Graph's message. */
  describe(): string {
    const id = this.requestId ? `, request-id ${this.requestId}` : "";
    return `Graph answered ${this.status} ${this.code}: ${this.message}${id}`;
  }
}

/** Parses an error body (which may be empty, e.g. a 503, or not JSON at all). */
export function graphErrorFrom(status: number, body: Buffer, headers: Record<string, string | string[] | undefined>): GraphError {
  let code = status === 503 ? "serviceNotAvailable" : `http${status}`;
  let message = body.length === 0 ? "(empty body)" : body.subarray(0, 200).toString("utf8");
  const inner: string[] = [];
  try {
    const parsed = JSON.parse(body.toString("utf8")) as { error?: { code?: unknown; message?: unknown; innerError?: unknown; innererror?: unknown } };
    if (parsed.error && typeof parsed.error === "object") {
      if (typeof parsed.error.code === "string") code = parsed.error.code;
      if (typeof parsed.error.message === "string") message = parsed.error.message;
      let node: unknown = parsed.error.innerError ?? parsed.error.innererror;
      for (let depth = 0; node && typeof node === "object" && depth < 10; depth++) {
        const n = node as { code?: unknown; innerError?: unknown; innererror?: unknown };
        if (typeof n.code === "string") inner.push(n.code);
        node = n.innerError ?? n.innererror;
      }
    }
  } catch {
    /* not JSON: keep the status-derived code */
  }
  const rid = headers["request-id"];
  return new GraphError(status, code, message, inner, typeof rid === "string" ? rid : undefined, headers);
}

/** The delta token is no longer valid: the caller must enumerate again from scratch. */
export class DeltaExpiredError extends Error {
  constructor(
    override readonly cause: GraphError,
    /** A fresh start URL the service offered (410 + Location), if any. */
    readonly restartUrl?: string,
  ) {
    super(`The change-tracking token expired (${cause.code}); a full enumeration follows.`);
    this.name = "DeltaExpiredError";
  }
}

export function isDeltaExpired(err: GraphError): boolean {
  return (
    err.status === 410 ||
    err.has("syncStateNotFound", "resyncRequired", "syncStateInvalid", "resyncChangesApplyDifferences", "resyncChangesUploadDifferences", "resyncApplyDifferences", "resyncUploadDifferences")
  );
}

/** The account's sign-in is no longer valid (revoked, expired): the user must sign in again. */
export class NeedsSignInError extends LifeboatError {
  constructor(message: string) {
    super(message, ExitCode.needsCredentials, "needs-sign-in");
  }
}
