import os from "node:os";

/**
 * Takes user content out of a message before it goes into history or logs: absolute paths (they
 * name the user's files and folders), quoted text (subjects, file names), e-mail addresses and
 * anything that looks like a token. What is left says what went wrong, not to whom or on what.
 */
export function scrubMessage(message: string): string {
  let s = message;
  const home = os.homedir();
  if (home.length > 1) s = s.split(home).join("~");
  s = s
    // Bearer tokens, JWTs, long base64/hex runs.
    .replace(/\bBearer\s+\S+/gi, "Bearer …")
    .replace(/\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, "…")
    .replace(/AGE-SECRET-KEY-[0-9A-Z]+/gi, "…")
    .replace(/[A-Za-z0-9+/_-]{40,}={0,2}/g, "…")
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, "<address>")
    // Absolute paths ("~/…", "/a/…", "C:\\…") run to the next quote, bracket, comma or ": ",
    // since folder names may hold spaces; relative ones ("a/b.txt") are item paths.
    .replace(/(~|\/[^\s/"'()`]+)\/[^"'()`,;\n]*?(?=$|\n|["'()`,;]|: )/g, "<path>")
    .replace(/\b[A-Za-z]:\\[^"'`,;\n]*?(?=$|\n|["'`,;]|: )/g, "<path>")
    .replace(/(?<![<\w])[\w.-]+\/[\w./-]+/g, "<path>")
    // Quoted text, except advice in backticks that names a lifeboat command.
    .replace(/"[^"\n]*"|“[^”\n]*”|‘[^’\n]*’|`[^`\n]*`/g, (q) => (q.startsWith("`lifeboat ") ? q : "\"…\""))
    .replace(/(^|[\s(:])'[^'\n]*'(?=$|[\s).,:;])/g, "$1'…'");
  return s.length > 500 ? s.slice(0, 500) + "…" : s;
}
