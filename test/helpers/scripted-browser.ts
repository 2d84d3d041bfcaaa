/**
 * A scripted "browser" for sign-in tests: it loads pages over HTTPS (trusting the emulators' CA,
 * as the user's browser trusts Microsoft), follows redirects, reads the forms on a page, submits
 * them with the fields a person would type and the button they would press, and runs the one
 * script the identity platform relies on: the form_post page's `document.forms[0].submit()`,
 * which hands the code to the app's loopback server. No shortcuts into the emulator's state.
 */
import http from "node:http";
import https from "node:https";

export interface FormButton {
  name: string;
  value: string;
  label: string;
}

export interface PageForm {
  id?: string;
  name?: string;
  action: string;
  method: string;
  /** Inputs with a name, with their current values (hidden ones included). */
  fields: Record<string, string>;
  buttons: FormButton[];
}

export interface BrowserPage {
  url: string;
  status: number;
  html: string;
  /** The page's visible text, tags removed and entities decoded. */
  text: string;
  forms: PageForm[];
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith("#x") || entity.startsWith("#X")) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(Number(entity.slice(1)));
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:-]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/g)) {
    out[m[1]!.toLowerCase()] = decodeEntities(m[3] ?? m[4] ?? m[5] ?? "");
  }
  return out;
}

export function parseForms(html: string, pageUrl: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = attributes(m[1] ?? "");
    const inner = m[2] ?? "";
    const fields: Record<string, string> = {};
    for (const input of inner.matchAll(/<input\b([^>]*)>/gi)) {
      const a = attributes(input[1] ?? "");
      if (!a.name || a.type === "submit") continue;
      fields[a.name] = a.value ?? "";
    }
    const buttons: FormButton[] = [];
    for (const b of inner.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)) {
      const a = attributes(b[1] ?? "");
      buttons.push({ name: a.name ?? "", value: a.value ?? "", label: decodeEntities((b[2] ?? "").replace(/<[^>]+>/g, "").trim()) });
    }
    forms.push({ id: attrs.id, name: attrs.name, action: new URL(attrs.action ?? pageUrl, pageUrl).toString(), method: (attrs.method ?? "get").toUpperCase(), fields, buttons });
  }
  return forms;
}

function visibleText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ")
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " ")
      .trim(),
  );
}

export class ScriptedBrowser {
  readonly history: BrowserPage[] = [];

  constructor(private readonly opts: { ca: string }) {}

  get current(): BrowserPage | undefined {
    return this.history[this.history.length - 1];
  }

  /** Types an address into the address bar. */
  open(url: string): Promise<BrowserPage> {
    return this.navigate("GET", url);
  }

  /**
   * Submits a form (by id, or the only/first one) with `fields` filled in, pressing the button
   * whose value or label is `press` (any submit button when omitted).
   */
  submit(page: BrowserPage, opts: { form?: string; fields?: Record<string, string>; press?: string } = {}): Promise<BrowserPage> {
    const form = opts.form ? page.forms.find((f) => f.id === opts.form || f.name === opts.form) : page.forms[0];
    if (!form) throw new Error(`no form ${opts.form ?? ""} on ${page.url}: ${page.text.slice(0, 300)}`);
    const values = new URLSearchParams({ ...form.fields, ...(opts.fields ?? {}) });
    if (opts.press !== undefined) {
      const button = form.buttons.find((b) => b.value === opts.press || b.label === opts.press);
      if (!button) throw new Error(`no button "${opts.press}" in form on ${page.url} (have: ${form.buttons.map((b) => b.label).join(", ")})`);
      if (button.name) values.append(button.name, button.value);
    }
    if (form.method === "GET") {
      const target = new URL(form.action);
      target.search = values.toString();
      return this.navigate("GET", target.toString());
    }
    return this.navigate("POST", form.action, values.toString());
  }

  private async navigate(method: string, url: string, body?: string, hops = 0): Promise<BrowserPage> {
    if (hops > 10) throw new Error(`too many redirects at ${url}`);
    const res = await this.request(method, url, body);
    if (res.status >= 300 && res.status < 400 && res.location) {
      return this.navigate("GET", new URL(res.location, url).toString(), undefined, hops + 1);
    }
    const page: BrowserPage = { url, status: res.status, html: res.body, text: visibleText(res.body), forms: parseForms(res.body, url) };
    this.history.push(page);
    // The identity platform's form_post page submits itself with script.
    if (/document\.forms\[0\]\.submit\(\)/.test(res.body) && page.forms[0]) {
      const form = page.forms[0];
      return this.navigate(form.method, form.action, new URLSearchParams(form.fields).toString(), hops + 1);
    }
    return page;
  }

  private request(method: string, url: string, body?: string): Promise<{ status: number; location?: string; body: string }> {
    const target = new URL(url);
    const headers: Record<string, string | number> = { "user-agent": "Mozilla/5.0 (Lifeboat scripted browser)", accept: "text/html" };
    if (body !== undefined) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      headers["content-length"] = Buffer.byteLength(body);
    }
    return new Promise((resolve, reject) => {
      const onResponse = (res: http.IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      };
      // Loopback redirects name "localhost"; MSAL's server listens on 127.0.0.1, which a browser
      // reaches by falling back from ::1. IPv4 directly keeps that out of the test.
      const req =
        target.protocol === "https:"
          ? https.request(target, { method, headers, ca: this.opts.ca, family: 4, agent: false }, onResponse)
          : http.request(target, { method, headers, family: 4, agent: false }, onResponse);
      req.on("error", reject);
      req.end(body);
    });
  }
}
