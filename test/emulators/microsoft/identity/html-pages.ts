/**
 * The HTML the emulated sign-in service shows: plain, valid pages with real forms, so that both a
 * person in a browser (the demo) and the tests' scripted browser go through the same steps as at
 * login.microsoftonline.com: address and password, the consent page, the form_post hand-back to
 * the app, the device-code pages. Texts are Microsoft's where the user would see them.
 */
import type { AadError } from "./aad-error.js";
import { aadTimestamp } from "./aad-error.js";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** How Microsoft describes Graph permissions on the user consent page. */
const SCOPE_DESCRIPTIONS: Record<string, string> = {
  "user.read": "Sign you in and read your profile",
  "mail.read": "Read your mail",
  "mail.readbasic": "Read user basic mail",
  "calendars.read": "Read your calendars",
  "contacts.read": "Read your contacts",
  "files.read": "Read your files",
  "files.read.all": "Read all files that you have access to",
  "bitlockerkey.read.all": "Read your BitLocker keys",
  "bitlockerkey.readbasic.all": "Read your BitLocker keys basic information",
  offline_access: "Maintain access to data you have given it access to",
  openid: "Sign you in",
  profile: "View your basic profile",
  email: "View your email address",
};

export function describeScope(scope: string): string {
  return SCOPE_DESCRIPTIONS[scope.toLowerCase()] ?? scope;
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:"Segoe UI",system-ui,sans-serif;background:#f2f2f2;margin:0}main{background:#fff;max-width:440px;margin:60px auto;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:24px;font-weight:600}label{display:block;margin-top:12px}input[type=email],input[type=password],input[type=text]{width:100%;padding:6px 0;border:0;border-bottom:1px solid #666;font-size:15px}
button{margin-top:20px;margin-right:8px;padding:6px 20px;font-size:15px}button.primary{background:#0067b8;color:#fff;border:0}.error{color:#e81123}.small{font-size:13px;color:#555}</style>
</head>
<body><main>
<div class="small">Microsoft (Lifeboat emulator)</div>
${body}
</main></body>
</html>
`;
}

function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}

export function signInPage(opts: { action: string; flowToken: string; appName: string; error?: string; loginHint?: string; address?: string }): string {
  const err = opts.error ? `<p class="error" id="usernameError" role="alert">${escapeHtml(opts.error)}</p>` : "";
  return page(
    "Sign in to your account",
    `<h1>Sign in</h1>
<p class="small">to continue to ${escapeHtml(opts.appName)}</p>
${err}
<form method="post" action="${escapeHtml(opts.action)}" id="signin">
${hidden("flowToken", opts.flowToken)}
<label for="login">Email, phone, or Skype</label>
<input type="email" id="login" name="login" autocomplete="username" value="${escapeHtml(opts.address ?? opts.loginHint ?? "")}" required>
<label for="passwd">Password</label>
<input type="password" id="passwd" name="passwd" autocomplete="current-password" required>
<button type="submit" class="primary" id="idSIButton9">Sign in</button>
</form>`,
  );
}

export function consentPage(opts: { action: string; flowToken: string; appName: string; address: string; scopes: string[] }): string {
  const items = opts.scopes.map((s) => `<li data-scope="${escapeHtml(s)}">${escapeHtml(describeScope(s))}</li>`).join("\n");
  return page(
    "Permissions requested",
    `<p class="small">${escapeHtml(opts.address)}</p>
<h1>Permissions requested</h1>
<p><strong>${escapeHtml(opts.appName)}</strong><br><span class="small">unverified</span></p>
<p>This app would like to:</p>
<ul id="scopes">
${items}
</ul>
<p class="small">Accepting these permissions means that you allow this app to use your data as specified in their terms of service and privacy statement. You can change these permissions at https://myapps.microsoft.com.</p>
<form method="post" action="${escapeHtml(opts.action)}" id="consent">
${hidden("flowToken", opts.flowToken)}
<button type="submit" name="decision" value="cancel" id="idBtn_Back">Cancel</button>
<button type="submit" name="decision" value="accept" class="primary" id="idSIButton9">Accept</button>
</form>`,
  );
}

export function adminApprovalPage(opts: { action: string; flowToken: string; appName: string; address: string; scopes: string[] }): string {
  const items = opts.scopes.map((s) => `<li data-scope="${escapeHtml(s)}">${escapeHtml(describeScope(s))}</li>`).join("\n");
  return page(
    "Need admin approval",
    `<p class="small">${escapeHtml(opts.address)}</p>
<h1>Need admin approval</h1>
<p>${escapeHtml(opts.appName)} needs permission to access resources in your organization that only an admin can grant. Please ask an admin to grant permission to this app before you can use it.</p>
<ul id="scopes">
${items}
</ul>
<form method="post" action="${escapeHtml(opts.action)}" id="consent">
${hidden("flowToken", opts.flowToken)}
<button type="submit" name="decision" value="cancel" id="idBtn_Back">Return to the application without granting consent</button>
</form>`,
  );
}

export function errorPage(opts: { error: AadError; now: number; correlationId: string; requestId: string }): string {
  const message = `AADSTS${opts.error.code}: ${opts.error.text}`;
  return page(
    "Sign in to your account",
    `<h1>Sorry, but we're having trouble signing you in.</h1>
<p id="error-message" data-error="${escapeHtml(opts.error.error)}" data-code="${opts.error.code}">${escapeHtml(message)}</p>
<div class="small">Request Id: ${escapeHtml(opts.requestId)}<br>Correlation Id: ${escapeHtml(opts.correlationId)}<br>Timestamp: ${escapeHtml(aadTimestamp(opts.now).replace(" ", "T"))}<br>Message: ${escapeHtml(message)}</div>`,
  );
}

/** The response_mode=form_post hand-back, in the form login.microsoftonline.com sends it. */
export function formPostPage(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}" />`)
    .join("");
  return `<html><head><title>Working...</title></head><body><form method="POST" name="hiddenform" action="${escapeHtml(action)}">${inputs}<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit" /></noscript></form><script language="javascript">document.forms[0].submit();</script></body></html>`;
}

export function deviceCodeEntryPage(opts: { action: string; error?: string }): string {
  const err = opts.error ? `<p class="error" role="alert">${escapeHtml(opts.error)}</p>` : "";
  return page(
    "Enter code",
    `<h1>Enter code</h1>
<p>Enter the code displayed on your app or device.</p>
${err}
<form method="post" action="${escapeHtml(opts.action)}" id="devicelogin">
<label for="otc">Code</label>
<input type="text" id="otc" name="otc" autocomplete="off" required>
<button type="submit" class="primary" id="idSIButton9">Next</button>
</form>`,
  );
}

export function deviceConfirmPage(opts: { action: string; flowToken: string; appName: string; address: string }): string {
  return page(
    "Are you trying to sign in?",
    `<p class="small">${escapeHtml(opts.address)}</p>
<h1>Are you trying to sign in to ${escapeHtml(opts.appName)}?</h1>
<p>Only continue if you downloaded the app from a store or website that you trust.</p>
<form method="post" action="${escapeHtml(opts.action)}" id="confirm">
${hidden("flowToken", opts.flowToken)}
<button type="submit" name="decision" value="cancel" id="idBtn_Back">Cancel</button>
<button type="submit" name="decision" value="accept" class="primary" id="idSIButton9">Continue</button>
</form>`,
  );
}

export function deviceDonePage(appName: string, approved: boolean): string {
  return approved
    ? page(appName, `<h1>${escapeHtml(appName)}</h1><p id="device-result" data-result="approved">You have signed in to the ${escapeHtml(appName)} application on your device. You may now close this window.</p>`)
    : page(appName, `<h1>${escapeHtml(appName)}</h1><p id="device-result" data-result="declined">You have declined to sign in to ${escapeHtml(appName)} on your device. You may now close this window.</p>`);
}

export function signedOutPage(): string {
  return page("Sign out", "<h1>You signed out of your account</h1><p>It's a good idea to close all browser windows.</p>");
}
