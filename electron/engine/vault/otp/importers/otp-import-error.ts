import { ExitCode } from "../../../../../shared/archive-types.js";
import { LifeboatError } from "../../../errors.js";

export type OtpImportErrorCode =
  /** The file is encrypted and no password was given. */
  | "password-required"
  /** The password does not open it. */
  | "wrong-password"
  /** Not a format Lifeboat knows. */
  | "unknown-format"
  /** A known format, but damaged or cut short. */
  | "corrupt"
  /** A known format in a variant not supported (e.g. a newer schema). */
  | "unsupported";

/** A clear, actionable import failure; nothing is imported when it is thrown. */
export class OtpImportError extends LifeboatError {
  constructor(
    message: string,
    readonly reason: OtpImportErrorCode,
  ) {
    super(message, reason === "password-required" || reason === "wrong-password" ? ExitCode.needsCredentials : ExitCode.failed, `otp-${reason}`);
    this.name = "OtpImportError";
  }
}
