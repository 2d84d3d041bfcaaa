// Shared set-up of the browser tests that start from a backed-up demo app: the test app, its page,
// and the checks every screen gets (axe, screenshot, no console errors).
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { openBrowserPage, type BrowserPage } from "./browser-page.js";

export async function checkScreen(bp: BrowserPage, name: string): Promise<void> {
  await bp.screenshot(name);
  const v = await bp.axeViolations();
  assert.deepEqual(v, [], `axe (serious/critical) on ${name}: ${JSON.stringify(v, null, 1)}`);
}

export async function goTo(page: Page, screen: "Dashboard" | "Accounts" | "Vault" | "Browse" | "Restore" | "Settings"): Promise<void> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: screen, exact: true }).click();
  await page.getByRole("heading", { name: screen, level: 1 }).waitFor();
}

export async function openApp(url: string, opts: { permissions?: string[] } = {}): Promise<BrowserPage> {
  const bp = await openBrowserPage(url, opts);
  await bp.page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor({ timeout: 60_000 });
  return bp;
}
