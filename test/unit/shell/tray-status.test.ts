import { test } from "node:test";
import assert from "node:assert/strict";

import type { AppState, SourceView } from "../../../shared/app-types.js";
import { DEFAULT_SCHEDULE } from "../../../shared/schedule-types.js";
import { agoInWords, backupRunning, canBackUpNow, trayStatusLine } from "../../../electron/shell/tray/tray-status.js";
import { configuredAuthorities } from "../../../electron/shell/security/configured-authorities.js";

const now = new Date("2026-03-10T12:00:00Z");
const base = (over: Partial<AppState["archive"]> = {}, job: AppState["job"] = null, sources: SourceView[] = []): AppState => ({
  archive: { status: "unlocked", path: "/a", sizeBytes: 1, snapshots: 3, lastSnapshot: "2026-03-10T09:00:00Z", lastVerify: null, remembered: true, ...over },
  sources,
  job,
  settings: { schedule: { ...DEFAULT_SCHEDULE, everyHours: 24 }, retention: { keepLast: 1, keepDaily: 0, keepWeekly: 0, keepMonthly: 0, keepYearly: 0 }, notifications: { onFailure: true, onSuccess: false, whenStaleHours: 72 } },
});

test("the tray says when the last copy was made, or what is happening", () => {
  assert.equal(trayStatusLine(null, now), "Lifeboat — starting…");
  assert.equal(trayStatusLine(base(), now), "Lifeboat — last copied 3 hours ago");
  assert.equal(trayStatusLine(base({ status: "locked" }), now), "Lifeboat — last copied 3 hours ago (locked)");
  assert.equal(trayStatusLine(base({ lastSnapshot: null }), now), "Lifeboat — nothing copied yet");
  assert.equal(trayStatusLine(base({ status: "none", path: null }), now), "Lifeboat — no archive yet");
  const job = { id: "j", kind: "backup" as const, label: "Copying mail of malik@outlook.com", phase: "mail", items: 25, totalItems: 100, bytes: 0, totalBytes: null, rate: null, etaSeconds: null, started: "2026-03-10T11:59:00Z" };
  assert.equal(trayStatusLine(base({}, job), now), "Lifeboat — Copying mail of malik@outlook.com (25%)");
  const signIn: SourceView = { name: "m", type: "microsoft", location: "m@x", state: "needs-sign-in", lastGoodCopy: null, reason: "r", action: "sign-in", kinds: [] };
  assert.equal(trayStatusLine(base({}, null, [signIn]), now), "Lifeboat — last copied 3 hours ago — 1 account needs sign-in");
  assert.equal(canBackUpNow(base()), true);
  assert.equal(canBackUpNow(base({ status: "locked" })), false);
  assert.equal(canBackUpNow(base({}, job)), false);
  assert.equal(backupRunning(base({}, job)), true);
  assert.equal(backupRunning(base({}, { ...job, kind: "verify" })), false);
});

test("ago in words", () => {
  assert.equal(agoInWords("2026-03-10T11:59:30Z", now), "just now");
  assert.equal(agoInWords("2026-03-10T11:59:00Z", now), "1 minute ago");
  assert.equal(agoInWords("2026-03-08T12:00:00Z", now), "2 days ago");
  assert.equal(agoInWords("garbage", now), "at an unknown time");
});

test("configured authorities: the default, the env's, and every saved account's", () => {
  const account = (authority: string) => ({ id: "a1", clientId: "c", authority, graphEndpoint: "https://graph.microsoft.com", scopes: [] });
  const settings = {
    version: 1 as const,
    defaultArchive: "/a",
    archives: {
      "/a": { sources: [{ name: "f", kind: "folder" as const, path: "/f", added: "x" }, { name: "m", kind: "microsoft" as const, added: "x", account: account("https://127.0.0.1:4443/common") }] },
      "/b": { sources: [{ name: "n", kind: "microsoft" as const, added: "x", account: account("https://login.microsoftonline.us/tenant") }] },
    },
  };
  assert.deepEqual(configuredAuthorities(settings, { LIFEBOAT_MS_AUTHORITY: "https://login.example/common" }).sort(), [
    "https://127.0.0.1:4443/common",
    "https://login.example/common",
    "https://login.microsoftonline.com/common",
    "https://login.microsoftonline.us/tenant",
  ]);
  assert.deepEqual(configuredAuthorities(null, {}), ["https://login.microsoftonline.com/common"]);
});
