// The one error type the age layer throws for problems with an encrypted file, with a kind the
// caller can branch on and a message a user can act on. Caller mistakes (a malformed identity or
// recipient string, a bad argument) are plain Errors/TypeErrors/RangeErrors instead.
//
//   no-match  : none of the given identities / passphrases opens this file
//   header    : the header is malformed, or this is not an age file at all
//   hmac      : a key opened the file key but the header MAC is wrong (header tampered or damaged)
//   payload   : a payload chunk failed authentication, or the payload is otherwise malformed
//   truncated : the file ends before its final chunk
export type AgeErrorKind = "no-match" | "header" | "hmac" | "payload" | "truncated";

export class AgeError extends Error {
  constructor(
    public readonly kind: AgeErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AgeError";
  }
}

export function isAgeError(e: unknown, kind?: AgeErrorKind): e is AgeError {
  return e instanceof AgeError && (kind === undefined || e.kind === kind);
}

/** Messages shared by the decrypt paths, so the same fault reads the same everywhere. */
export const ageErrors = {
  noMatchKey: () =>
    new AgeError("no-match", "this file is not encrypted to this key (none of the given identities matches its recipients)"),
  noMatchKeyButScrypt: () =>
    new AgeError("no-match", "this file is encrypted with a passphrase, not to a key: decrypt it with its passphrase"),
  wrongPassphrase: () =>
    new AgeError("no-match", "wrong passphrase, or the file is not encrypted with a passphrase"),
  hmac: () =>
    new AgeError("hmac", "the file header has been modified or damaged (header MAC mismatch); the file cannot be trusted"),
  header: (detail: string, cause?: unknown) =>
    new AgeError("header", `the file is not a valid age file: ${detail}`, { cause }),
  chunkAuth: (index: number, cause?: unknown) =>
    new AgeError("payload", `the file is damaged: chunk ${index} failed authentication`, { cause }),
  finalChunkAuth: (index: number, cause?: unknown) =>
    new AgeError(
      "payload",
      `the file is damaged or truncated: its final chunk (chunk ${index}) failed authentication`,
      { cause },
    ),
  finalChunkEmpty: (index: number) =>
    new AgeError("payload", `the file is damaged: its final chunk (chunk ${index}) is empty, which age forbids`),
  trailingData: () =>
    new AgeError("payload", "the file is damaged: there is data after the end of the encrypted payload"),
  truncated: (detail = "it ends before its final chunk") => new AgeError("truncated", `the file is truncated: ${detail}`),
} as const;
