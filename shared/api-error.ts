// The API's error, zod-free so the sandboxed preload can bundle it without the schemas.
import type { ApiErrorInfo } from "./app-types.js";

/** The error the API's promises reject with (the preload and the bridge rebuild it from a Reply). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

// Added by the Electron shell: contextBridge copies a rejected promise's Error into the page with
// only its `message` kept (class, `name` and `code` are lost). The preload therefore rejects with
// an Error whose message is "[lifeboat:<code>] <message>"; the renderer turns whatever a rejected
// `invoke` gave it back into an ApiError with `apiErrorFromUnknown` (a no-op for the bridge's real
// ApiErrors), so `error.code` works the same over both transports.
const API_ERROR_PREFIX = /^\[lifeboat:([a-z0-9][a-z0-9._-]{0,63})\] /;
const API_ERROR_CODE = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** The message the preload's rejected Error carries: the code survives contextBridge inside it. */
export function encodeApiErrorMessage(error: ApiErrorInfo): string {
  return `[lifeboat:${API_ERROR_CODE.test(error.code) ? error.code : "failed"}] ${error.message}`;
}

/** Rebuilds an ApiError (code and people's message) from what a rejected `invoke` gave the page. */
export function apiErrorFromUnknown(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // Electron may prefix errors that crossed IPC with "Error invoking remote method '...': ".
  const inner = message.replace(/^Error invoking remote method '[^']*': (Error: )?/, "");
  const m = API_ERROR_PREFIX.exec(inner);
  if (m) return new ApiError(m[1]!, inner.slice(m[0].length));
  return new ApiError("failed", inner);
}
