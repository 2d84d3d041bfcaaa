// A 100,000-message folder in the browser: it lists at once with its total, only the rows on
// screen are in the DOM (virtualised), scrolling to the end shows the last message (the one the
// engine lists last), and a search over all of it answers.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { ItemPage } from "../../shared/app-types.js";
import { must, startTestApp, type TestApp } from "../bridge/test-app.js";
import { checkScreen, goTo, openApp } from "../helpers/browser-app.js";
import type { BrowserPage } from "../helpers/browser-page.js";

const SIZE = 100_000;
let app: TestApp;
let bp: BrowserPage;

before(async () => {
  app = await startTestApp({ mailboxSize: SIZE });
  bp = await openApp(app.url);
});

after(async () => {
  await bp?.close();
  await app?.close();
});

test("a 100,000-message folder: virtualised, scrolls to its last message, searchable", async () => {
  const { page } = bp;
  const personal = app.emulators.accounts.find((a) => a.kind === "personal")!.address;
  const rowButton = (name: RegExp) => page.getByTestId("item-row").getByRole("button", { name });
  await goTo(page, "Browse");
  await rowButton(new RegExp(`^Source ${personal.replace(/\./g, "\\.")}`)).click();
  await rowButton(/^Folder mail\b/).click();
  await rowButton(/^Folder Big folder\b/).click();
  await page.getByTestId("folder-total").getByText(`${SIZE.toLocaleString("en")} items`).waitFor({ timeout: 120_000 });
  await rowButton(/^Message /).first().waitFor();
  const rows = await page.getByTestId("item-row").count();
  assert.ok(rows > 0 && rows < 100, `only the visible rows are in the DOM (${rows})`);
  await checkScreen(bp, "browse-big-folder");

  const last = await must<ItemPage>(app.service, "browse:list", { snapshot: "latest", source: personal, path: "mail/Big folder", offset: SIZE - 1, limit: 1 });
  assert.equal(last.total, SIZE);
  const lastName = last.items[0]!.name;
  await page.getByTestId("item-scroll").evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  const lastRow = page.locator(`[data-testid="item-row"][data-index="${SIZE - 1}"]`);
  await lastRow.getByRole("button").waitFor({ timeout: 60_000 });
  assert.equal(((await lastRow.locator(".item-name").textContent()) ?? "").replace(/^Message\s*/, "").trim(), lastName);
  assert.ok((await page.getByTestId("item-row").count()) < 100, "still only the visible rows");
  await checkScreen(bp, "browse-big-folder-end");

  const word = lastName.split(/\s+/).find((w) => /^[A-Za-z]{4,}$/.test(w)) ?? lastName;
  await page.getByLabel("Search everything").fill(word);
  const summary = page.getByTestId("search-summary");
  await summary.waitFor({ timeout: 120_000 });
  const m = /^([\d,]+) results? in \d+\.\d\d s/.exec((await summary.textContent()) ?? "");
  assert.ok(m, `search summary: ${await summary.textContent()}`);
  assert.ok(Number(m[1]!.replace(/,/g, "")) >= 1);
  await rowButton(/^Message /).first().waitFor();
  assert.deepEqual(bp.errors, []);
});
