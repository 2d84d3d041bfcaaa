// The person at the browser, played for the demo and the tests: opens the sign-in URL the app
// hands to the system browser, types the address and password into the emulator's sign-in page
// and presses Accept on the consent page, like a user would. Nothing reaches into the emulator's
// state: it is the same HTML and HTTP a real browser would see.
import { type BrowserPage, ScriptedBrowser } from "../../helpers/scripted-browser.js";

export interface EmulatedUser {
  address: string;
  password: string;
  /** What to press on the consent page (default accept). */
  consent?: "accept" | "cancel";
}

/** Plays the sign-in and consent pages until the app has its answer. */
export async function playSignIn(browser: ScriptedBrowser, start: BrowserPage, user: EmulatedUser): Promise<BrowserPage> {
  let page = start;
  for (let step = 0; step < 10; step++) {
    const form = page.forms[0];
    if (!form) return page;
    if (form.id === "signin") page = await browser.submit(page, { fields: { login: user.address, passwd: user.password } });
    else if (form.id === "consent" || form.id === "confirm") {
      // "Need admin approval" has one button only: the person presses what is there.
      const want = user.consent ?? "accept";
      const press = form.buttons.some((b) => b.value === want || b.label === want) ? want : undefined;
      page = await browser.submit(page, { press });
    }
    else return page;
  }
  throw new Error("the sign-in did not finish within 10 pages");
}

/** An `openBrowser` for interactive sign-in that runs the emulated user in a scripted browser. */
export function emulatedBrowser(user: EmulatedUser, caCertPem: string): (url: string) => Promise<void> {
  return async (url: string): Promise<void> => {
    const browser = new ScriptedBrowser({ ca: caCertPem });
    await playSignIn(browser, await browser.open(url), user);
  };
}

/** The person on another device: opens the verification page, types the code, signs in. */
export async function approveDeviceCode(verificationUri: string, userCode: string, user: EmulatedUser, caCertPem: string): Promise<BrowserPage> {
  const browser = new ScriptedBrowser({ ca: caCertPem });
  const entry = await browser.open(verificationUri);
  const signInPage = await browser.submit(entry, { form: "devicelogin", fields: { otc: userCode } });
  return playSignIn(browser, signInPage, user);
}

/** Finds "https://... and enter the code XXXX" in the message a device-code sign-in printed. */
export function parseDeviceCodeMessage(text: string): { verificationUri: string; userCode: string } | null {
  const m = /(https:\/\/\S+?)[.,]?\s.*?code\s+([A-Z0-9-]{6,})/is.exec(text);
  return m ? { verificationUri: m[1]!, userCode: m[2]! } : null;
}
