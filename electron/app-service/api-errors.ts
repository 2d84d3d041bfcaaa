import { ApiError } from "../../shared/app-api.js";
import type { ApiErrorInfo } from "../../shared/app-types.js";
import { LifeboatError } from "../engine/errors.js";

/** Engine error codes → the API's stable codes (the UI branches on these, people read the message). */
const CODE_MAP: Record<string, string> = {
  "needs-passphrase": "wrong-passphrase",
  "no-archive": "no-archive",
  "not-found": "not-found",
  usage: "invalid",
  exists: "exists",
  "not-empty": "exists",
  "needs-sign-in": "needs-sign-in",
  "wrong-account": "needs-sign-in",
  "not-signed-in": "needs-sign-in",
  "sign-in-expired": "needs-sign-in",
  "sign-in-failed": "needs-sign-in",
  "sign-in-declined": "needs-sign-in",
  refresh: "needs-sign-in",
  "sign-in-cancelled": "cancelled",
  cancelled: "cancelled",
  "otp-password-required": "needs-password",
  "otp-wrong-password": "wrong-password",
  "otp-unknown-format": "invalid",
  "otp-corrupt": "invalid",
  "otp-unsupported": "invalid",
  "bitlocker-unknown-format": "invalid",
  "bitlocker-invalid-password": "invalid",
  "bitlocker-no-usable-key": "invalid",
  "bitlocker-too-large": "invalid",
  locked: "busy",
};

/** Any thrown value as `{ code, message }`; unexpected errors keep their message but say what to do. */
export function toErrorInfo(err: unknown): ApiErrorInfo {
  if (err instanceof ApiError) return { code: err.code, message: err.message };
  if (err instanceof LifeboatError) return { code: CODE_MAP[err.code] ?? "failed", message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: "failed", message: `Something went wrong: ${message}. Try again; if it keeps happening, run \`lifeboat verify\` and report it.` };
}

export const locked = (): ApiError => new ApiError("locked", "The archive is locked. Unlock it with your passphrase or recovery key first.");
export const noArchive = (): ApiError => new ApiError("no-archive", "No archive is chosen yet. Create a new archive or open an existing one.");
