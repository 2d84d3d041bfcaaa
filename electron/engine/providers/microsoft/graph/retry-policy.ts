/**
 * When and how long to wait before retrying a Graph request. Graph's throttling guidance: honour
 * `Retry-After` (seconds, possibly fractional, e.g. "2.128"), and when it is missing back off
 * exponentially; OneDrive's scan guidance adds that on 429/503 *all* further requests should pause,
 * which the client does with a shared gate.
 */
export const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504, 509]);
export const RETRYABLE_NET = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "ENOTFOUND", "ENETUNREACH", "EHOSTUNREACH", "UND_ERR_SOCKET", "ERR_STREAM_PREMATURE_CLOSE"]);

/** Longest single wait we accept from a server before giving the item up for this run. */
export const MAX_RETRY_AFTER_MS = 5 * 60 * 1000;

/** `Retry-After` as milliseconds: delta-seconds (fractional allowed) or an HTTP date. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === "") return undefined;
  const secs = Number(v.trim());
  if (Number.isFinite(secs) && secs >= 0) return Math.ceil(secs * 1000);
  const at = Date.parse(v);
  if (Number.isFinite(at)) return Math.max(0, at - now);
  return undefined;
}

/** Exponential backoff with full jitter: 0.5 s, 1 s, 2 s ... capped at 60 s. */
export function backoffMs(attempt: number, random = Math.random): number {
  const cap = Math.min(60_000, 500 * 2 ** attempt);
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal!.reason instanceof Error ? signal!.reason : new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
