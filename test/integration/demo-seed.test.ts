// The built-in demo account (test/emulators/demo): generated twice, it must be the same bytes; and
// every file must be what its name says, read by independent parsers: mail by mailparser,
// calendars by Python's icalendar, cards by Python's vobject, images, PDFs and ZIPs by structural
// checks, BitLocker keys by the recovery-password rules, OTP codes by the RFC test vectors.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import ICAL from "ical.js";

import { OWNER } from "../emulators/demo/demo-people.js";
import { REFERENCE_TIME, base32Decode, otpCode } from "../emulators/demo/demo-vault.js";
import { checkJpeg, checkPdf, checkPng, isValidRecoveryPassword, readZip } from "../emulators/demo/file-format-checks.js";
import { DEMO_PASSWORD, writeDemoSeed, type DemoSeedSummary } from "../emulators/demo/write-demo-seed.js";

const MiB = 1024 * 1024;

interface Entry {
  rel: string;
  type: "file" | "dir";
  size: number;
  mtimeMs: number;
  sha256: string;
}

async function walk(root: string): Promise<Map<string, Entry>> {
  const out = new Map<string, Entry>();
  async function visit(rel: string): Promise<void> {
    for (const d of await fsp.readdir(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      const st = await fsp.stat(path.join(root, r));
      if (d.isDirectory()) {
        out.set(r, { rel: r, type: "dir", size: 0, mtimeMs: 0, sha256: "" });
        await visit(r);
      } else {
        const sha256 = createHash("sha256").update(await fsp.readFile(path.join(root, r))).digest("hex");
        out.set(r, { rel: r, type: "file", size: st.size, mtimeMs: st.mtimeMs, sha256 });
      }
    }
  }
  await visit("");
  return out;
}

/** Debian's python3 (python3-icalendar, python3-vobject), not a pyenv one that shadows it on PATH. */
function findPython(): string {
  for (const candidate of ["/usr/bin/python3", "python3"]) {
    const r = spawnSync(candidate, ["-c", "import icalendar, vobject"], { encoding: "utf8" });
    if (r.status === 0) return candidate;
  }
  throw new Error("no python3 with icalendar and vobject: apt-get install python3-icalendar python3-vobject");
}

// Reads every calendar and card it is given and reports what it found; any parse error fails the run.
const PY_READER = String.raw`
import sys, json, base64, re, icalendar, vobject
req = json.load(sys.stdin)
out = {"ics": {}, "vcf": {}}
def count(v):
    if v is None: return 0
    return len(v) if isinstance(v, list) else 1
for p in req["ics"]:
    cal = icalendar.Calendar.from_ical(open(p, "rb").read())
    tzids = {str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")}
    info = {"events": 0, "rrules": [], "overrides": 0, "exdates": 0, "attendees": 0, "alarms": 0, "allDay": 0, "missingTz": [], "method": str(cal.get("METHOD") or "")}
    for e in cal.walk("VEVENT"):
        for key in ("UID", "DTSTART", "DTSTAMP", "SUMMARY"):
            if e.get(key) is None: raise Exception("%s: VEVENT without %s" % (p, key))
        info["events"] += 1
        start = e.decoded("DTSTART")
        if not hasattr(start, "hour"): info["allDay"] += 1
        if e.get("RRULE") is not None: info["rrules"].append(e.get("RRULE").to_ical().decode())
        if e.get("RECURRENCE-ID") is not None: info["overrides"] += 1
        ex = e.get("EXDATE")
        if ex is not None:
            info["exdates"] += sum(len(x.dts) for x in ex) if isinstance(ex, list) else len(ex.dts)
        info["attendees"] += count(e.get("ATTENDEE"))
        info["alarms"] += len(e.walk("VALARM"))
        for key in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            v = e.get(key)
            if v is not None and "TZID" in v.params and v.params["TZID"] not in tzids: info["missingTz"].append(v.params["TZID"])
    out["ics"][p] = info
for p in req["vcf"]:
    cards = []
    text = open(p, encoding="utf-8").read()
    # vobject applies its vCard 3.0 rules to every card, and those read a 4.0 PHOTO data: URI as a
    # comma-separated text list (keeping "data:image/...;base64"). So a 4.0 photo is taken from the
    # card's unfolded text; 3.0 ENCODING=b photos are the bytes vobject decoded.
    blocks = re.sub(r"\r?\n[ \t]", "", text).split("BEGIN:VCARD")[1:]
    for i, c in enumerate(vobject.readComponents(text)):
        photo = None
        if hasattr(c, "photo"):
            v = c.photo.value
            if isinstance(v, bytes):
                photo = base64.b64encode(v).decode()
            else:
                line = next(l for l in blocks[i].splitlines() if re.match(r"PHOTO[;:]", l))
                photo = line.split(":", 1)[1].split(",", 1)[1]
        cards.append({"version": c.version.value, "fn": c.fn.value, "emails": len(c.contents.get("email", [])), "tels": len(c.contents.get("tel", [])), "adrs": len(c.contents.get("adr", [])), "bday": c.bday.value if hasattr(c, "bday") else None, "photo": photo})
    out["vcf"][p] = cards
json.dump(out, sys.stdout)
`;

interface IcsInfo {
  events: number;
  rrules: string[];
  overrides: number;
  exdates: number;
  attendees: number;
  alarms: number;
  allDay: number;
  missingTz: string[];
  method: string;
}
interface CardInfo {
  version: string;
  fn: string;
  emails: number;
  tels: number;
  adrs: number;
  bday: string | null;
  photo: string | null;
}

function runPython(req: { ics: string[]; vcf: string[] }): { ics: Record<string, IcsInfo>; vcf: Record<string, CardInfo[]> } {
  const r = spawnSync(findPython(), ["-c", PY_READER], { input: JSON.stringify(req), encoding: "utf8", maxBuffer: 256 * MiB });
  assert.equal(r.status, 0, `python reader failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as { ics: Record<string, IcsInfo>; vcf: Record<string, CardInfo[]> };
}

/**
 * With ical.js: every EXDATE and RECURRENCE-ID of a series names an occurrence its RRULE produces
 * (a cancelled or moved occurrence that the rule never generates would be silently ignored).
 */
function checkOccurrences(file: string, text: string): void {
  const cal = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const events = cal.getAllSubcomponents("vevent");
  for (const master of events.filter((e) => e.hasProperty("rrule"))) {
    const uid = master.getFirstPropertyValue("uid") as string;
    const wanted = [
      ...master.getAllProperties("exdate").map((p) => p.getFirstValue() as ICAL.Time),
      ...events.filter((e) => e !== master && e.getFirstPropertyValue("uid") === uid).map((e) => e.getFirstPropertyValue("recurrence-id") as ICAL.Time),
    ];
    if (wanted.length === 0) continue;
    const last = wanted.reduce((a, b) => (a.compare(b) >= 0 ? a : b));
    const rule = master.getFirstPropertyValue("rrule") as ICAL.Recur;
    const it = rule.iterator(master.getFirstPropertyValue("dtstart") as ICAL.Time);
    const occurrences = new Set<string>();
    for (let t = it.next(); t && t.compare(last) <= 0; t = it.next()) occurrences.add(t.toString());
    for (const w of wanted) assert.ok(occurrences.has(w.toString()), `${file}: ${w.toString()} is not an occurrence of ${rule.toString()}`);
  }
}

function checkImage(name: string, data: Buffer): { width: number; height: number } {
  try {
    if (/\.png$/i.test(name)) return checkPng(data);
    if (/\.jpe?g$/i.test(name)) return checkJpeg(data);
  } catch (err) {
    throw new Error(`${name}: ${(err as Error).message}`);
  }
  throw new Error(`${name}: not an image name`);
}

describe("demo account seed", () => {
  let tmp: string;
  let dirA: string;
  let dirB: string;
  let summary: DemoSeedSummary;
  let summaryB: DemoSeedSummary;
  let tree: Map<string, Entry>;
  const files = (re: RegExp): string[] => [...tree.values()].filter((e) => e.type === "file" && re.test(e.rel)).map((e) => e.rel);
  const read = (rel: string): Promise<Buffer> => fsp.readFile(path.join(dirA, rel));
  // Filled by the mail test, checked by the later ones.
  const mailImages: Array<{ name: string; data: Buffer }> = [];
  const mailPdfs: Array<{ name: string; data: Buffer }> = [];
  const mailIcs: string[] = [];

  before(async () => {
    tmp = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-demo-seed-"));
    dirA = path.join(tmp, "a");
    dirB = path.join(tmp, "b");
    const started = Date.now();
    summary = await writeDemoSeed(dirA);
    const seconds = (Date.now() - started) / 1000;
    summaryB = await writeDemoSeed(dirB, { seed: 1 });
    tree = await walk(dirA);
    process.stdout.write(`# demo seed: ${summary.files} files, ${(summary.bytes / MiB).toFixed(1)} MiB in ${seconds.toFixed(1)} s\n`);
  });

  after(async () => {
    if (tmp) await fsp.rm(tmp, { recursive: true, force: true });
  });

  test("two runs write the same files, bytes and modification times", async () => {
    const b = await walk(dirB);
    assert.deepEqual([...b.keys()].sort(), [...tree.keys()].sort());
    for (const [rel, e] of tree) {
      const other = b.get(rel)!;
      assert.equal(other.sha256, e.sha256, `${rel} differs between runs`);
      assert.equal(other.mtimeMs, e.mtimeMs, `${rel} mtime differs between runs`);
    }
    assert.deepEqual({ ...summaryB, dir: "" }, { ...summary, dir: "" });
  });

  test("a different seed gives different data in the same layout", async () => {
    const dirC = path.join(tmp, "c");
    const c = await writeDemoSeed(dirC, { seed: 2 });
    assert.deepEqual(c.accounts.map((a) => a.address), summary.accounts.map((a) => a.address));
    const x = await fsp.readFile(path.join(dirC, "vault/otpauth-uris.txt"), "utf8");
    assert.notEqual(x, await fsp.readFile(path.join(dirA, "vault/otpauth-uris.txt"), "utf8"));
    await fsp.rm(dirC, { recursive: true, force: true });
  });

  test("layout of CLI.md's emulator seed folder, and the summary's totals", async () => {
    const personal = `microsoft/${OWNER.personalAddress}`;
    const work = `microsoft/${OWNER.workAddress}`;
    for (const d of ["mail", "calendars", "contacts", "onedrive"]) {
      assert.equal(tree.get(`${personal}/${d}`)?.type, "dir", `${personal}/${d}`);
      assert.equal(tree.get(`${work}/${d}`)?.type, "dir", `${work}/${d}`);
    }
    assert.equal(tree.get(`${work}/bitlocker`)?.type, "dir");
    assert.equal(tree.get(`${personal}/bitlocker`), undefined, "personal accounts have no BitLocker API");
    assert.deepEqual(JSON.parse(await fsp.readFile(path.join(dirA, personal, "account.json"), "utf8")), { kind: "personal", displayName: OWNER.display, password: DEMO_PASSWORD });
    const workAccount = JSON.parse(await fsp.readFile(path.join(dirA, work, "account.json"), "utf8")) as Record<string, string>;
    assert.equal(workAccount.kind, "work");
    assert.equal(workAccount.password, DEMO_PASSWORD);
    assert.equal(workAccount.tenantName, "Contoso");
    assert.match(workAccount.tenantId!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok(tree.has("README.txt") && tree.has("vault/README.txt"));

    const all = [...tree.values()].filter((e) => e.type === "file");
    assert.equal(summary.files, all.length, "summary.files");
    assert.equal(summary.bytes, all.reduce((n, e) => n + e.size, 0), "summary.bytes");
    assert.ok(summary.bytes > 35 * MiB && summary.bytes < 65 * MiB, `total ${(summary.bytes / MiB).toFixed(1)} MiB`);

    for (const a of summary.accounts) {
      const base = `microsoft/${a.address}`;
      const emls = files(new RegExp(`^${base}/mail/.+\\.eml$`));
      assert.equal(emls.length, a.mail.messages, `${a.address} messages`);
      const mailDirs = [...tree.values()].filter((e) => e.type === "dir" && e.rel.startsWith(`${base}/mail/`)).map((e) => e.rel.slice(`${base}/mail/`.length));
      assert.deepEqual(mailDirs.sort(), a.mail.folders, `${a.address} mail folders`);
      assert.equal(files(new RegExp(`^${base}/calendars/[^/]+/[^/]+\\.ics$`)).length, a.calendars.files);
      assert.equal(files(new RegExp(`^${base}/contacts/[^/]+/[^/]+\\.vcf$`)).length, a.contacts.files);
      const drive = [...tree.values()].filter((e) => e.rel.startsWith(`${base}/onedrive/`));
      assert.equal(drive.filter((e) => e.type === "file").length, a.onedrive.files, `${a.address} drive files`);
      assert.equal(drive.filter((e) => e.type === "dir").length, a.onedrive.folders, `${a.address} drive folders`);
      assert.equal(drive.filter((e) => e.type === "file").reduce((n, e) => n + e.size, 0), a.onedrive.bytes);
      const empty = drive.filter((e) => e.type === "dir" && !drive.some((x) => x.rel.startsWith(`${e.rel}/`)));
      assert.equal(empty.length, a.onedrive.emptyFolders, `${a.address} empty folders`);
      assert.equal(files(new RegExp(`^${base}/bitlocker/.+\\.json$`)).length, a.bitlocker.keys);
    }
    const [p, w] = summary.accounts;
    assert.ok(p!.mail.messages >= 250 && p!.mail.messages <= 400, `personal mailbox: ${p!.mail.messages}`);
    assert.ok(w!.mail.messages >= 30 && w!.mail.messages < p!.mail.messages, `work mailbox: ${w!.mail.messages}`);
    assert.ok(p!.contacts.cards >= 35, `contacts: ${p!.contacts.cards}`);
    assert.ok(p!.onedrive.largestFile.bytes > 16 * MiB, "one OneDrive file large enough to span several chunks");
    assert.ok(p!.onedrive.emptyFolders >= 1);
    assert.ok(p!.mail.folders.includes("Inbox/Receipts/Taxes") && p!.mail.folders.includes("Archive/2013") && p!.mail.folders.includes("Junk Email"));
  });

  test("every message parses with mailparser, with the attachments it was written with", async () => {
    assert.equal(summary.messages.length, summary.accounts.reduce((n, a) => n + a.mail.messages, 0));
    const years = new Set<number>();
    let nonAsciiSubjects = 0;
    const byId = new Map<string, string>();
    for (const rec of summary.messages) {
      const raw = await read(rec.path);
      const parsed = await simpleParser(raw);
      assert.equal(parsed.messageId, rec.messageId, rec.path);
      assert.equal(parsed.subject, rec.subject, rec.path);
      assert.equal(parsed.date?.toISOString(), rec.date, `${rec.path}: Date header`);
      assert.ok(parsed.from?.value[0]?.address, `${rec.path}: From`);
      assert.equal(parsed.html !== false, rec.html, `${rec.path}: HTML part`);
      if (!rec.html) assert.ok(typeof parsed.text === "string", `${rec.path}: text part`);
      const got = parsed.attachments.map((a) => `${a.filename}|${a.contentType}|${a.size}|${a.contentDisposition === "inline"}`).sort();
      const want = rec.attachments.map((a) => `${a.filename}|${a.contentType}|${a.size}|${a.inline}`).sort();
      assert.deepEqual(got, want, `${rec.path}: attachments`);
      for (const a of parsed.attachments) {
        if (/^image\//.test(a.contentType)) mailImages.push({ name: `${rec.path} » ${a.filename}`, data: a.content });
        if (a.contentType === "application/pdf") mailPdfs.push({ name: `${rec.path} » ${a.filename}`, data: a.content });
        if (a.contentType === "text/calendar") {
          const file = path.join(tmp, `mail-invite-${mailIcs.length}.ics`);
          await fsp.writeFile(file, a.content);
          mailIcs.push(file);
        }
      }
      years.add(new Date(rec.date).getUTCFullYear());
      if (/[^\x20-\x7e]/.test(rec.subject)) nonAsciiSubjects++;
      // A message filed in two folders is the same bytes in both.
      const hash = createHash("sha256").update(raw).digest("hex");
      if (byId.has(rec.messageId)) assert.equal(byId.get(rec.messageId), hash, `${rec.path}: copies differ`);
      byId.set(rec.messageId, hash);
    }
    assert.ok(years.size >= 13, `mail spans ${years.size} years`);
    assert.ok(nonAsciiSubjects >= 10, `${nonAsciiSubjects} non-ASCII subjects`);
    assert.ok(summary.messages.some((r) => r.copy), "some messages are filed twice");
    assert.ok(summary.messages.some((r) => r.attachments.some((a) => a.inline)), "some HTML mail has inline images");
    const types = new Set(summary.messages.flatMap((r) => r.attachments.map((a) => a.contentType)));
    for (const t of ["application/pdf", "image/jpeg", "image/png", "text/calendar", "text/plain", "text/csv"]) assert.ok(types.has(t), `an attachment of type ${t}`);
  });

  test("every calendar file parses with Python's icalendar (and ical.js), with series, overrides and cancellations", async () => {
    const icsFiles = files(/\/calendars\/.+\.ics$/);
    const res = runPython({ ics: [...icsFiles.map((f) => path.join(dirA, f)), ...mailIcs], vcf: [] });
    for (const a of summary.accounts) {
      const mine = icsFiles.filter((f) => f.startsWith(`microsoft/${a.address}/`)).map((f) => res.ics[path.join(dirA, f)]!);
      assert.equal(mine.reduce((n, i) => n + i.events, 0), a.calendars.events, `${a.address} events`);
      assert.equal(mine.reduce((n, i) => n + i.overrides, 0), a.calendars.overrides, `${a.address} overrides`);
      assert.equal(mine.reduce((n, i) => n + i.exdates, 0), a.calendars.exdates, `${a.address} EXDATEs`);
      assert.equal(mine.reduce((n, i) => n + i.rrules.length, 0), a.calendars.series, `${a.address} series`);
    }
    const all = Object.values(res.ics);
    assert.deepEqual(all.flatMap((i) => i.missingTz), [], "every TZID has its VTIMEZONE");
    const rules = all.flatMap((i) => i.rrules).join("\n");
    for (const re of [/FREQ=WEEKLY/, /INTERVAL=2/, /FREQ=MONTHLY;BYDAY=1WE/, /FREQ=MONTHLY;BYDAY=-1SU/, /FREQ=YEARLY/, /COUNT=/, /UNTIL=/]) assert.match(rules, re);
    assert.ok(all.some((i) => i.allDay > 0) && all.some((i) => i.attendees > 0) && all.some((i) => i.alarms > 0));
    assert.ok(summary.accounts[0]!.calendars.calendars.includes("Family"));
    assert.ok(mailIcs.length >= 5, `${mailIcs.length} invitations in mail`);
    for (const f of mailIcs) assert.equal(res.ics[f]!.method, "REQUEST", `${f}: a meeting request`);
    for (const f of icsFiles) {
      const text = (await read(f)).toString("utf8");
      assert.ok(text.endsWith("\r\n") && !/[^\r]\n/.test(text), `${f}: CRLF line ends`);
      checkOccurrences(f, text);
    }
  });

  test("every address book parses with Python's vobject: cards, versions, photos", () => {
    const vcfFiles = files(/\/contacts\/.+\.vcf$/);
    const res = runPython({ ics: [], vcf: vcfFiles.map((f) => path.join(dirA, f)) });
    for (const a of summary.accounts) {
      const cards = vcfFiles.filter((f) => f.startsWith(`microsoft/${a.address}/`)).flatMap((f) => res.vcf[path.join(dirA, f)]!);
      assert.equal(cards.length, a.contacts.cards, `${a.address} cards`);
      const photos = cards.filter((c) => c.photo);
      assert.equal(photos.length, a.contacts.withPhoto, `${a.address} photos`);
      for (const c of photos) checkImage(`${c.fn}.${Buffer.from(c.photo!, "base64")[0] === 0x89 ? "png" : "jpg"}`, Buffer.from(c.photo!, "base64"));
    }
    const cards = Object.values(res.vcf).flat();
    assert.ok(cards.some((c) => c.version === "3.0") && cards.some((c) => c.version === "4.0"));
    assert.ok(cards.some((c) => c.emails >= 2) && cards.some((c) => c.tels >= 2) && cards.some((c) => c.adrs >= 2), "several emails, phones and addresses on one card");
    assert.ok(cards.some((c) => c.bday?.startsWith("--")), "a birthday without a year");
    assert.ok(cards.some((c) => c.emails === 0), "a person with no email");
    assert.ok(cards.some((c) => /[^\x20-\x7e]/.test(c.fn)), "non-ASCII names");
    assert.ok(Object.values(res.vcf).some((list) => list.length > 1), "a file with several cards");
    const photos = cards.filter((c) => c.photo).map((c) => Buffer.from(c.photo!, "base64")[0]);
    assert.ok(photos.includes(0x89) && photos.includes(0xff), "PNG and JPEG photos");
  });

  test("images, PDFs and ZIPs are valid files", async () => {
    let jpeg = 0;
    let png = 0;
    for (const rel of files(/\.(png|jpe?g)$/i)) {
      checkImage(rel, await read(rel));
      if (/\.png$/i.test(rel)) png++;
      else jpeg++;
    }
    assert.ok(jpeg >= 10 && png >= 4, `${jpeg} JPEG and ${png} PNG files in OneDrive`);
    assert.ok(mailImages.length >= 20, `${mailImages.length} images attached to mail`);
    for (const img of mailImages) checkImage(img.name.replace(/.* » /, ""), img.data);

    const pdfs = files(/\.pdf$/i);
    assert.ok(pdfs.length >= 5 && mailPdfs.length >= 20);
    for (const rel of pdfs) {
      const data = await read(rel);
      assert.doesNotThrow(() => checkPdf(data), rel);
    }
    for (const p of mailPdfs) assert.doesNotThrow(() => checkPdf(p.data), p.name);

    const zips = files(/\.(zip|docx)$/i);
    assert.ok(zips.some((z) => z.endsWith(".zip")) && zips.some((z) => z.endsWith(".docx")));
    for (const rel of zips) {
      const members = readZip(await read(rel));
      if (rel.endsWith(".docx")) {
        assert.ok(members.some((m) => m.name === "[Content_Types].xml") && members.some((m) => m.name === "word/document.xml"), rel);
      } else {
        for (const m of members.filter((x) => x.name.endsWith(".png"))) checkPng(m.data);
      }
    }
  });

  test("BitLocker recovery keys are Graph objects with valid recovery passwords", async () => {
    const work = summary.accounts.find((a) => a.kind === "work")!;
    const keys = files(/\/bitlocker\/.+\.json$/);
    assert.equal(keys.length, 2);
    const devices = await Promise.all(files(/\/devices\/.+\.json$/).map(async (f) => JSON.parse((await read(f)).toString("utf8")) as Record<string, string>));
    for (const rel of keys) {
      assert.ok(rel.startsWith(`microsoft/${work.address}/`));
      const k = JSON.parse((await read(rel)).toString("utf8")) as Record<string, string>;
      assert.deepEqual(Object.keys(k).filter((x) => !x.startsWith("@")).sort(), ["createdDateTime", "deviceId", "id", "key", "volumeType"]);
      assert.match(k.id!, /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/);
      assert.ok(!Number.isNaN(Date.parse(k.createdDateTime!)));
      assert.ok(["operatingSystemVolume", "fixedDataVolume", "removableDataVolume"].includes(k.volumeType!));
      assert.ok(isValidRecoveryPassword(k.key!), `${rel}: ${k.key}`);
      const device = devices.find((d) => d.deviceId === k.deviceId);
      assert.ok(device?.displayName, `${rel}: its device is named in devices/`);
    }
    // The rule itself, on the research notes' known-good and known-bad passwords.
    assert.ok(isValidRecoveryPassword("471207-278498-422125-177177-561902-537405-468006-693451"));
    assert.ok(!isValidRecoveryPassword("123456-231453-873456-213546-654678-765689-123456-324565"));
    assert.ok(!isValidRecoveryPassword("720896-000000-000000-000000-000000-000000-000000-000000"));

    const txt = files(/^vault\/BitLocker Recovery Key .+\.TXT$/);
    assert.equal(txt.length, 1);
    const raw = await read(txt[0]!);
    assert.deepEqual([...raw.subarray(0, 2)], [0xff, 0xfe], "UTF-16LE BOM");
    const text = raw.subarray(2).toString("utf16le");
    assert.ok(text.includes("\r\n") && !/[^\r]\n/.test(text), "CRLF");
    const id = /\t([0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12})\r\n/.exec(text)?.[1];
    assert.ok(id && txt[0]!.includes(id), "identifier in the file and its name");
    assert.ok(isValidRecoveryPassword(/\t(\d{6}(-\d{6}){7})\r\n/.exec(text)?.[1] ?? ""));
  });

  test("the authenticator export: otpauth URIs and Aegis entries agree, codes follow the RFCs", async () => {
    // The code generator, against RFC 4226 appendix D, RFC 6238 appendix B and a Steam vector
    // (research/otp_bitlocker.md §1.2), so the README's reference codes can be trusted.
    const rfc = Buffer.from("12345678901234567890");
    assert.deepEqual([0, 1, 9].map((c) => otpCode({ type: "hotp", secret: rfc, algorithm: "SHA1", digits: 6, counter: c }, new Date(0))), ["755224", "287082", "520489"]);
    const t59 = new Date(59_000);
    assert.equal(otpCode({ type: "totp", secret: rfc, algorithm: "SHA1", digits: 8, period: 30 }, t59), "94287082");
    assert.equal(otpCode({ type: "totp", secret: Buffer.from("12345678901234567890123456789012"), algorithm: "SHA256", digits: 8, period: 30 }, t59), "46119246");
    assert.equal(otpCode({ type: "totp", secret: Buffer.from("1234567890".repeat(6) + "1234"), algorithm: "SHA512", digits: 8, period: 30 }, t59), "90693936");
    assert.equal(otpCode({ type: "steam", secret: base32Decode("63BEDWCQZKTQWPESARIERL5DTTQFCJTK"), algorithm: "SHA1", digits: 5, period: 30 }, new Date(1511200518_000)), "FR8RV");

    const uris = (await read("vault/otpauth-uris.txt")).toString("utf8").trim().split("\n");
    const aegis = JSON.parse((await read("vault/aegis-export-plain.json")).toString("utf8")) as {
      version: number;
      header: { slots: null; params: null };
      db: { version: number; entries: Array<{ type: string; name: string; issuer: string; info: { secret: string; algo: string; digits: number; period?: number; counter?: number } }> };
    };
    assert.equal(aegis.version, 1);
    assert.equal(aegis.header.slots, null);
    assert.equal(uris.length, aegis.db.entries.length);
    assert.equal(uris.length, summary.vault.otpEntries);
    const readme = (await read("vault/README.txt")).toString("utf8");
    const seen = { algos: new Set<string>(), digits: new Set<number>(), periods: new Set<number>(), types: new Set<string>() };
    uris.forEach((line, i) => {
      const u = new URL(line);
      const e = aegis.db.entries[i]!;
      assert.equal(u.protocol, "otpauth:");
      assert.equal(u.host, e.type);
      assert.equal(u.searchParams.get("secret"), e.info.secret);
      assert.match(e.info.secret, /^[A-Z2-7]+$/, "Base32 without padding");
      const label = decodeURIComponent(u.pathname.slice(1));
      assert.equal(label, `${e.issuer}:${e.name}`);
      const issuer = u.searchParams.get("issuer");
      if (issuer !== null) assert.equal(issuer, e.issuer);
      assert.equal(Number(u.searchParams.get("digits") ?? 6), e.info.digits);
      assert.equal(u.searchParams.get("algorithm") ?? "SHA1", e.info.algo);
      if (e.type === "hotp") assert.equal(Number(u.searchParams.get("counter")), e.info.counter);
      else assert.equal(Number(u.searchParams.get("period") ?? 30), e.info.period);
      const code = otpCode({ type: e.type as "totp" | "hotp" | "steam", secret: base32Decode(e.info.secret), algorithm: e.info.algo as "SHA1", digits: e.info.digits, ...(e.info.period ? { period: e.info.period } : {}), ...(e.info.counter !== undefined ? { counter: e.info.counter } : {}) }, REFERENCE_TIME);
      assert.ok(readme.includes(` ${code}   secret ${e.info.secret}`), `README lists ${e.issuer}'s code ${code}`);
      seen.algos.add(e.info.algo);
      seen.digits.add(e.info.digits);
      if (e.info.period) seen.periods.add(e.info.period);
      seen.types.add(e.type);
    });
    assert.deepEqual([...seen.types].sort(), ["hotp", "steam", "totp"]);
    assert.ok(seen.algos.has("SHA1") && seen.algos.has("SHA256") && seen.digits.has(6) && seen.digits.has(8) && seen.periods.has(30) && seen.periods.has(60));
    assert.ok(uris.some((u) => !new URL(u).searchParams.has("issuer")), "an issuer given only in the label");
    assert.ok(uris.some((u) => /%C3%BC/.test(u)), "a non-ASCII issuer, percent-encoded");
  });
});
