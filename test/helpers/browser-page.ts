// Browser tests' page: Debian's Chromium (never a downloaded browser) driven by playwright-core,
// with every console error, page error and non-loopback request recorded so a test can assert
// there were none, screenshots under test-artifacts/screenshots/, and axe-core checks.
//
// axe is injected with page.evaluate(source): that goes through the DevTools protocol, which the
// page's CSP (script-src 'self') does not govern, so the page keeps its real CSP for the test
// (no bypassCSP context needed), and axe runs in the page's own world.
import { promises as fsp, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const SCREENSHOT_DIR = path.join(REPO, "test-artifacts", "screenshots");
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export interface BrowserPage {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
  /** Every URL the page (or a frame in it) asked for. */
  requests: string[];
  screenshot(name: string): Promise<string>;
  /** axe-core violations of impact serious or critical on the page as it is now. */
  axeViolations(): Promise<Array<{ id: string; impact: string; help: string; nodes: string[] }>>;
  close(): Promise<void>;
}

export async function openBrowserPage(url: string, opts: { permissions?: string[] } = {}): Promise<BrowserPage> {
  const browser = await chromium.launch({
    executablePath: process.env.LIFEBOAT_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...(opts.permissions ? { permissions: opts.permissions } : {}) });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  context.on("request", (r) => requests.push(r.url()));
  await page.goto(url);
  return {
    browser,
    context,
    page,
    errors,
    requests,
    async screenshot(name) {
      await fsp.mkdir(SCREENSHOT_DIR, { recursive: true });
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async axeViolations() {
      // Strings, not functions: this file is compiled without the DOM's types.
      const has = await page.evaluate<boolean>(`typeof window.axe === "object"`);
      if (!has) await page.evaluate(AXE_SOURCE);
      // The message frame is sandboxed without scripts: axe cannot (and need not) run inside it.
      const result = await page.evaluate<Array<{ id: string; impact: string; help: string; nodes: string[] }>>(`window.axe
        .run(document, { iframes: false, resultTypes: ["violations"] })
        .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact ?? "", help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) })))`);
      return result.filter((v) => v.impact === "serious" || v.impact === "critical");
    },
    async close() {
      await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
    },
  };
}

/** Hosts other than the loopback the page talked to (data:, about: and blob: are local). */
export function remoteRequests(urls: string[]): string[] {
  return urls.filter((u) => {
    if (/^(data|about|blob):/.test(u)) return false;
    try {
      return new URL(u).hostname !== "127.0.0.1";
    } catch {
      return true;
    }
  });
}
