// The screens of a backed-up demo app. Dashboard: both accounts safe, an archive check that
// reports its result. Accounts: the list and the remove confirmation (cancelled). Settings: a
// change saved in the engine, About. Vault: BitLocker keys (from the work account) revealed and
// hidden, found by key id prefix; an encrypted Aegis export imported through the file input (the
// password asked for, then the report); live codes equal to oathtool's for the same seeds and the
// same period; copy on click; search.
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { startTestApp, type TestApp } from "../bridge/test-app.js";
import { checkScreen, goTo, openApp } from "../helpers/browser-app.js";
import type { BrowserPage } from "../helpers/browser-page.js";
import { FIXTURES_DIR } from "../helpers/fixtures-dir.js";
import { CTF_ID, CTF_PASSWORD, englishTxt } from "../helpers/bitlocker-samples.js";
import { oathtool } from "../helpers/oathtool.js";

let app: TestApp;
let bp: BrowserPage;

before(async () => {
  app = await startTestApp();
  bp = await openApp(app.url, { permissions: ["clipboard-read", "clipboard-write"] });
});

after(async () => {
  await bp?.close();
  await app?.close();
});

// From the fixtures' MANIFEST.md (the Aegis project's test vectors).
const TOTP = [
  { issuer: "Deno", account: "Mason", secret: "4SJHB4GSD43FZBAI7C2HLRJGPQ", algorithm: "SHA1", digits: 6, period: 30 },
  { issuer: "SPDX", account: "James", secret: "5OM4WOOGPLQEF6UGN3CPEOOLWU", algorithm: "SHA256", digits: 7, period: 20 },
  { issuer: "Airbnb", account: "Elijah", secret: "7ELGJSGXNCCTV3O6LKJWYFV2RA", algorithm: "SHA512", digits: 8, period: 50 },
] as const;

test("BitLocker keys: reveal, hide, find by key id prefix", async () => {
  const { page } = bp;
  await goTo(page, "Vault");
  const rows = page.getByTestId("bitlocker-row");
  await rows.first().waitFor();
  const emulated = new Map<string, string>();
  for (const a of app.emulators.store.list()) for (const k of a.bitlocker.list()) emulated.set(k.id.toUpperCase(), k.key);
  assert.ok(emulated.size > 0, "the demo work account has BitLocker keys");
  assert.equal(await rows.count(), emulated.size);
  await checkScreen(bp, "vault-bitlocker");

  const first = rows.first();
  const keyId = ((await first.locator("td").first().textContent()) ?? "").trim();
  await first.getByRole("button", { name: /^Reveal/ }).click();
  const shown = ((await first.getByTestId("recovery-password").textContent()) ?? "").trim();
  assert.equal(shown, emulated.get(keyId.toUpperCase()), "the revealed key is the one Microsoft holds");
  await first.getByRole("button", { name: /^Hide/ }).click();
  assert.equal(await first.getByTestId("recovery-password").count(), 0);
  assert.equal(await page.getByText(shown).count(), 0, "hidden again");

  const search = page.getByLabel("Find a key");
  await search.fill(keyId.slice(0, 8));
  await page.waitForFunction(`document.querySelectorAll('[data-testid="bitlocker-row"]').length === 1`);
  await search.fill("");
  assert.deepEqual(bp.errors, []);
});

test("import an encrypted Aegis export, then codes equal oathtool's", async () => {
  const { page } = bp;
  await page.getByLabel("or choose a file").setInputFiles(path.join(FIXTURES_DIR, "otp", "aegis", "aegis_encrypted.json"));
  const pw = page.getByLabel("Password of aegis_encrypted.json");
  await pw.waitFor();
  await pw.fill("wrong");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await page.getByRole("alert").waitFor();
  await pw.fill("test");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const report = page.getByTestId("import-report");
  await report.waitFor();
  assert.match((await report.textContent()) ?? "", /7 added, 0 updated, 0 unchanged/);
  await page.getByTestId("otp-row").nth(6).waitFor();
  await checkScreen(bp, "vault-otp");

  for (const v of TOTP) {
    const row = page.getByTestId("otp-row").filter({ hasText: v.issuer });
    const btn = row.getByRole("button", { name: /^Copy code/ });
    await page.waitForFunction(
      (el) => (el as { getAttribute(n: string): string | null }).getAttribute("data-code") !== "",
      await btn.elementHandle(),
    );
    // Code and the end of its period are read from one render, then checked against oathtool for a
    // moment inside that period: no race with the period boundary.
    const { code, until } = await btn.evaluate((el) => ({ code: el.getAttribute("data-code") ?? "", until: Number(el.getAttribute("data-valid-until")) }));
    assert.equal(until % (v.period * 1000), 0, `${v.issuer}: a period boundary`);
    assert.ok(until > Date.now() - 2000 && until <= Date.now() + v.period * 1000 + 2000, `${v.issuer}: the current period`);
    const [expected] = oathtool({ secret: v.secret, algorithm: v.algorithm, digits: v.digits, period: v.period, atSeconds: until / 1000 - 1 });
    assert.equal(code, expected, `${v.issuer} (${v.algorithm}, ${v.digits} digits, ${v.period} s)`);
  }

  // Copy on click (the context may write the clipboard).
  await page.getByTestId("otp-row").filter({ hasText: "Deno" }).getByRole("button", { name: /^Copy code/ }).click();
  await page.getByText("Copied the code for Deno.").waitFor();
  const copied = await page.evaluate<string>("navigator.clipboard.readText()");
  assert.match(copied, /^\d{6}$/);

  await page.getByLabel("Search accounts").fill("air");
  await page.waitForFunction(`document.querySelectorAll('[data-testid="otp-row"]').length === 2`);
  const names = await page.getByTestId("otp-row").locator("strong").allTextContents();
  assert.deepEqual(names.sort(), ["Air Canada", "Airbnb"]);
  assert.deepEqual(bp.errors, []);
});

test("dashboard: both demo accounts safe; Check archive reports its result", async () => {
  const { page } = bp;
  await goTo(page, "Dashboard");
  await page.getByTestId("headline").getByText("Your accounts are safe on this disk").waitFor();
  for (const a of app.emulators.accounts) await page.getByTestId("source-card").filter({ hasText: a.address }).getByText("Safe", { exact: true }).waitFor();
  await page.getByRole("button", { name: "Check archive" }).click();
  await page.getByTestId("health").getByText(/Checked, no problems \(structure check/).waitFor({ timeout: 120_000 });
  await checkScreen(bp, "dashboard-demo");
  assert.deepEqual(bp.errors, []);
});

test("accounts: the list, and removing asks first", async () => {
  const { page } = bp;
  await goTo(page, "Accounts");
  const work = app.emulators.accounts.find((a) => a.kind === "work")!;
  const row = page.locator(".account-row").filter({ hasText: work.address });
  await row.getByText("Microsoft work or school account").waitFor();
  await checkScreen(bp, "accounts");
  await row.getByRole("button", { name: `Remove ${work.address}` }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByText("Everything already copied stays in the archive").waitFor();
  await checkScreen(bp, "accounts-remove-confirm");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await dialog.waitFor({ state: "detached" });
  const state = await app.service.handle("app:get-state", {});
  assert.ok(state.ok && (state.value as { sources: Array<{ name: string }> }).sources.some((s) => s.name === work.address), "still backed up");
  assert.deepEqual(bp.errors, []);
});

test("settings: a schedule change is saved by the engine; About lists versions and licences", async () => {
  const { page } = bp;
  await goTo(page, "Settings");
  await page.getByLabel("Every (hours)").fill("6");
  await page.getByLabel("Monthly").fill("7");
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.getByText("Saved.").waitFor();
  const state = await app.service.handle("app:get-state", {});
  assert.ok(state.ok);
  const settings = (state.value as { settings: { schedule: { everyHours: number }; retention: { keepMonthly: number } } }).settings;
  assert.equal(settings.schedule.everyHours, 6);
  assert.equal(settings.retention.keepMonthly, 7);
  await page.getByText(/^Open-source licences \(\d+\)/).click();
  await checkScreen(bp, "settings");
  assert.deepEqual(bp.errors, []);
});

test("a BitLocker key file dropped on the import zone", async () => {
  const { page } = bp;
  await goTo(page, "Vault");
  const txt = englishTxt(CTF_ID, CTF_PASSWORD);
  // A real drop: a DataTransfer holding a File, dispatched on the zone as the browser would.
  const dataTransfer = await page.evaluateHandle(`(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([${JSON.stringify(txt)}], "BitLocker Recovery Key ${CTF_ID}.TXT", { type: "text/plain" }));
    return dt;
  })()`);
  await page.getByTestId("drop-zone").dispatchEvent("drop", { dataTransfer });
  const report = page.getByTestId("import-report");
  await report.getByText(/Imported BitLocker keys .*1 added/).waitFor();
  const row = page.getByTestId("bitlocker-row").filter({ hasText: CTF_ID });
  await row.getByRole("button", { name: /^Reveal/ }).click();
  assert.equal(((await row.getByTestId("recovery-password").textContent()) ?? "").trim(), CTF_PASSWORD);
  assert.deepEqual(bp.errors, []);
});

test("dark colour scheme: the dashboard and vault pass axe too", async () => {
  const { page } = bp;
  await page.emulateMedia({ colorScheme: "dark" });
  try {
    await goTo(page, "Dashboard");
    await checkScreen(bp, "dashboard-dark");
    await goTo(page, "Vault");
    await page.getByTestId("otp-row").first().waitFor();
    await checkScreen(bp, "vault-dark");
  } finally {
    await page.emulateMedia({ colorScheme: "light" });
  }
  assert.deepEqual(bp.errors, []);
});

test("accounts: add a folder by its typed path, then remove it after confirming", async () => {
  const { page } = bp;
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-e2e-folder-"));
  try {
    await fsp.writeFile(path.join(dir, "notes.txt"), "folder source\n");
    await goTo(page, "Accounts");
    await page.getByLabel("Folder to back up").fill(dir);
    await page.getByLabel("Name (optional)").fill("E2E notes");
    await page.getByRole("button", { name: "Add folder" }).click();
    await page.getByText("Added the folder as “E2E notes”.").waitFor();
    const row = page.locator(".account-row").filter({ hasText: "E2E notes" });
    await row.getByText(dir).waitFor();
    await row.getByRole("button", { name: "Remove E2E notes" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
    await page.getByText("E2E notes is no longer backed up.").waitFor();
    await row.waitFor({ state: "detached" });
    const state = await app.service.handle("app:get-state", {});
    assert.ok(state.ok && !(state.value as { sources: Array<{ name: string }> }).sources.some((s) => s.name === "E2E notes"));
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
  assert.deepEqual(bp.errors, []);
});

test("settings: change the passphrase, lock, unlock with the new one", async () => {
  const { page } = bp;
  await goTo(page, "Settings");
  const next = "otter meadow copper seventeen";
  await page.getByLabel("Current passphrase").fill(app.passphrase);
  await page.getByLabel("New passphrase").fill(next);
  await page.getByLabel("Type it again").fill(next);
  await page.getByRole("button", { name: "Change passphrase" }).click();
  await page.getByText("The passphrase is changed.").waitFor({ timeout: 60_000 });
  await page.getByRole("button", { name: "Lock the archive" }).click();
  await page.getByRole("heading", { name: "Unlock your archive" }).waitFor();
  await page.getByRole("textbox", { name: "Passphrase" }).fill(app.passphrase);
  await page.getByRole("button", { name: "Unlock" }).click();
  await page.getByRole("alert").waitFor();
  await page.getByRole("textbox", { name: "Passphrase" }).fill(next);
  await page.getByRole("button", { name: "Unlock" }).click();
  // Back where the user was.
  await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
  assert.deepEqual(bp.errors, []);
});
