import { ExitCode } from "../../shared/archive-types.js";

/**
 * An error the user can act on: what happened, and what to do about it. The CLI prints the
 * message without a stack trace and exits with `exitCode`.
 */
export class LifeboatError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.failed,
    readonly code: string = "failed",
  ) {
    super(message);
    this.name = "LifeboatError";
  }
}

export class NeedsPassphraseError extends LifeboatError {
  constructor(message: string) {
    super(message, ExitCode.needsCredentials, "needs-passphrase");
  }
}

export class UsageError extends LifeboatError {
  constructor(message: string) {
    super(message, ExitCode.usage, "usage");
  }
}

/** Turns low-level file-system errors into messages that say what to do. */
export function explainFsError(err: unknown, what: string): Error {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case "ENOSPC":
      // A restore fills the disk it restores to, not the archive's: the advice differs.
      if (what === "restoring") {
        return new LifeboatError(
          "The disk is full while restoring. The files restored so far are complete (none is left half-written), and the archive is unchanged; free some space or choose a folder on another disk, and restore again.",
          ExitCode.failed,
          "disk-full",
        );
      }
      return new LifeboatError(
        `The disk is full while ${what}. Nothing already in the archive was changed; free some space (or run \`lifeboat prune\`) and run the backup again: it resumes where it stopped.`,
        ExitCode.failed,
        "disk-full",
      );
    case "EDQUOT":
      return new LifeboatError(`The disk quota is exhausted while ${what}. Free some space and run again; earlier snapshots are intact.`, ExitCode.failed, "disk-full");
    case "EACCES":
    case "EPERM":
      return new LifeboatError(`Permission denied while ${what} (${e.path ?? ""}). Check the folder's permissions.`, ExitCode.failed, "permission");
    case "EROFS":
      return new LifeboatError(`The archive's disk is read-only while ${what}. Remount it writable and try again.`, ExitCode.failed, "read-only");
    case "EIO":
      return new LifeboatError(`The disk reported an I/O error while ${what}. The disk may be failing: run \`lifeboat verify\` and consider a new disk.`, ExitCode.failed, "io");
    default:
      return err instanceof Error ? err : new Error(String(err));
  }
}
