// First run in the browser against the real app service: create an archive (default location,
// passphrase twice with its strength), keep the recovery key (the emergency kit PDF saved to a
// typed path), add the personal demo Microsoft account (the emulated user approves the sign-in in
// "the browser"), back up, watch the progress, and see the dashboard say the data is safe.
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { openBrowserPage, type BrowserPage } from "../helpers/browser-page.js";
import { startTestApp, type TestApp } from "../bridge/test-app.js";
import { pdfPages, zbarDecode } from "../helpers/qr-tools.js";

let app: TestApp;
let bp: BrowserPage;
let tmp: string;

before(async () => {
  app = await startTestApp({ fresh: true });
  bp = await openBrowserPage(app.url);
  tmp = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-e2e-first-run-"));
});

after(async () => {
  await bp?.close();
  await app?.close();
  if (tmp) await fsp.rm(tmp, { recursive: true, force: true });
});

async function noSeriousAxe(name: string): Promise<void> {
  const v = await bp.axeViolations();
  assert.deepEqual(v, [], `axe on ${name}: ${JSON.stringify(v, null, 1)}`);
}

test("first run: create, recovery key, add the demo account, back up, safe", async () => {
  const { page } = bp;
  await page.getByRole("heading", { name: "Welcome to Lifeboat" }).waitFor();
  await bp.screenshot("first-run-1-welcome");
  await noSeriousAxe("first run welcome");

  await page.getByRole("button", { name: "Create a new archive" }).click();
  const location = page.getByLabel("Where to keep the archive");
  // The default location comes from the engine.
  await page.waitForFunction(`(document.querySelector("input[type=text]")?.value ?? "") !== ""`);
  assert.match(await location.inputValue(), /Lifeboat Archive$/);

  const create = page.getByRole("button", { name: "Create archive" });
  await page.getByLabel("Passphrase", { exact: true }).fill("password123");
  await page.getByLabel("Type it again").fill("password123");
  assert.equal(await create.isDisabled(), true, "a common password is refused");
  await page.getByText("This is one of the most used passwords").waitFor();
  const passphrase = "harbour lantern quietly sixty-two";
  await page.getByLabel("Passphrase", { exact: true }).fill(passphrase);
  await page.getByLabel("Type it again").fill(passphrase + "x");
  await page.getByText("The two passphrases differ.").waitFor();
  assert.equal(await create.isDisabled(), true, "differing passphrases are refused");
  await page.getByLabel("Type it again").fill(passphrase);
  await bp.screenshot("first-run-2-create");
  await noSeriousAxe("first run create");
  await create.click();

  const keyText = page.getByTestId("recovery-key");
  await keyText.waitFor();
  const recoveryKey = (await keyText.textContent())?.trim() ?? "";
  assert.ok(recoveryKey.length >= 20, `a recovery key is shown: ${recoveryKey}`);
  const cont = page.getByRole("button", { name: "Continue" });
  assert.equal(await cont.isDisabled(), true, "cannot go on before confirming the key is kept");
  // No native save dialog over the bridge: the path is typed.
  const kit = path.join(tmp, "kit.pdf");
  await page.getByLabel("Emergency kit file").fill(kit);
  await page.getByRole("button", { name: "Save emergency kit (PDF)" }).click();
  await page.getByText(/Saved .*kit\.pdf/).waitFor();
  const pdf = await fsp.readFile(kit);
  assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-");
  // The kit carries the key shown on screen (as a QR code, read back with zbarimg).
  const found = (await pdfPages(kit, path.join(tmp, "kit-pages"), 150)).flatMap((p) => zbarDecode(p));
  assert.ok(found.includes(recoveryKey), `the kit's QR codes hold the recovery key (${found.length} found)`);
  await bp.screenshot("first-run-3-recovery-key");
  await noSeriousAxe("first run recovery key");
  await page.getByLabel("I have written it down or saved it").check();
  await cont.click();

  await page.getByRole("heading", { name: "Add accounts" }).waitFor();
  const personal = app.emulators.accounts.find((a) => a.kind === "personal")!;
  await page.getByLabel("Personal (Outlook.com, Hotmail, Live)").check();
  await page.getByLabel("Email address (optional)").fill(personal.address);
  await page.getByRole("button", { name: "Add Microsoft account" }).click();
  await page.getByText(`Added ${personal.address}.`).waitFor({ timeout: 60_000 });
  await bp.screenshot("first-run-4-accounts");
  await noSeriousAxe("first run accounts");
  await page.getByRole("button", { name: "Go to the dashboard" }).click();

  await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
  await page.getByTestId("headline").getByText("needs attention").waitFor();
  // Progress may come and go quickly: record whether it was ever on screen.
  await page.evaluate(`new MutationObserver(() => {
    const p = document.querySelector('[data-testid="job-progress"]');
    if (p && !window.sawProgress) window.sawProgress = p.textContent ?? "";
  }).observe(document.body, { subtree: true, childList: true, characterData: true })`);
  await page.getByRole("button", { name: "Back up now" }).click();
  await page.getByTestId("job-progress").first().waitFor({ timeout: 30_000 }).catch(() => undefined);
  if (await page.getByTestId("job-progress").count()) await bp.screenshot("dashboard-backing-up");
  await page.getByTestId("headline").getByText(/Your accounts are safe on this disk — last copied (just now|1 minute ago)/).waitFor({ timeout: 180_000 });
  const saw = await page.evaluate<string>(`window.sawProgress ?? ""`);
  assert.match(saw, /items/, "the backup's progress (items, bytes) was shown");
  await page.getByText(/Snapshot .* saved/).waitFor();
  const card = page.getByTestId("source-card").filter({ hasText: personal.address });
  await card.getByText("Safe", { exact: true }).waitFor();
  assert.match((await card.textContent()) ?? "", /Mail/);
  await bp.screenshot("dashboard");
  await noSeriousAxe("dashboard");

  // The recovery key shown opens the archive (the engine checks it, not the page).
  const r = await app.service.handle("archive:lock", {});
  assert.ok(r.ok);
  await page.getByRole("heading", { name: "Unlock your archive" }).waitFor();
  await bp.screenshot("unlock");
  await noSeriousAxe("unlock");
  await page.getByRole("textbox", { name: "Passphrase" }).fill("not the passphrase");
  await page.getByRole("button", { name: "Unlock" }).click();
  await page.getByRole("alert").waitFor();
  assert.match((await page.getByRole("alert").textContent()) ?? "", /passphrase/i);
  await bp.screenshot("unlock-wrong-passphrase");
  await page.getByRole("radio", { name: "Recovery key" }).check();
  await page.getByRole("textbox", { name: "Recovery key" }).fill(recoveryKey);
  await page.getByRole("button", { name: "Unlock" }).click();
  await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();

  assert.deepEqual(bp.errors, []);
});
