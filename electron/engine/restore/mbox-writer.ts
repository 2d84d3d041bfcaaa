// mbox for restored mail folders (`restore --mail-format mbox`): one file per folder that any
// mail client imports (Thunderbird, Apple Mail, mutt, Gmail's importers). The mboxrd variant:
// every line of a message that starts with "From " (or ">From ", ">>From "...) gets one more ">",
// so the original bytes can be recovered exactly by removing one ">" again.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** The separator line: "From MAILER-DAEMON Thu Nov 24 20:00:00 2026" (asctime, UTC). */
export function mboxFromLine(date: Date | undefined): string {
  const d = date && Number.isFinite(date.getTime()) ? date : new Date(0);
  const p2 = (n: number): string => String(n).padStart(2, "0");
  const day = String(d.getUTCDate()).padStart(2, " ");
  return `From MAILER-DAEMON ${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}\n`;
}

/** One message, quoted for mboxrd and ending with a newline plus the blank separator line. */
export function mboxrdMessage(message: Buffer, date: Date | undefined): Buffer {
  const parts: Buffer[] = [Buffer.from(mboxFromLine(date))];
  let start = 0;
  while (start < message.length) {
    let end = message.indexOf(0x0a, start);
    end = end < 0 ? message.length : end + 1;
    const line = message.subarray(start, end);
    let i = 0;
    while (i < line.length && line[i] === 0x3e) i++; // ">"
    if (line.subarray(i, i + 5).toString("latin1") === "From ") parts.push(Buffer.from(">"));
    parts.push(line);
    start = end;
  }
  const last = message.length > 0 ? message[message.length - 1] : 0x0a;
  parts.push(Buffer.from(last === 0x0a ? "\n" : "\n\n"));
  return Buffer.concat(parts);
}

/** Inverse of mboxrdMessage for one message's lines (used by tests and a future import). */
export function unquoteMboxrd(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let start = 0;
  while (start < body.length) {
    let end = body.indexOf(0x0a, start);
    end = end < 0 ? body.length : end + 1;
    const line = body.subarray(start, end);
    let i = 0;
    while (i < line.length && line[i] === 0x3e) i++;
    out.push(i > 0 && line.subarray(i, i + 5).toString("latin1") === "From " ? line.subarray(1) : line);
    start = end;
  }
  return Buffer.concat(out);
}
