// The work (Contoso, Microsoft 365) mailbox of the demo account: smaller, 2021 onwards. Threads
// with colleagues carrying specs, charts, screenshots, CSVs and a Word document, meeting requests,
// IT notices about the BitLocker-protected devices, payslips, Teams notifications, a draft.
import * as att from "./demo-attachments.js";
import type { AttachmentSpec } from "./demo-attachments.js";
import { invitation } from "./demo-calendar.js";
import type { DemoRandom } from "./demo-random.js";
import { COLLEAGUES, OWNER, SENDERS, person } from "./demo-people.js";
import { WORK_TOPICS, textToHtml, type AttachmentHint } from "./demo-text.js";
import type { MailAddress, MessageSpec } from "./eml-writer.js";
import { address, messageId, receivedHeader, thread } from "./mail-thread.js";
import type { EventSpec } from "./ics-builder.js";
import type { DemoDevice } from "./demo-bitlocker.js";

const MX = "contoso-com.mail.protection.outlook-demo.example";
const DAY = 86_400_000;
const me: MailAddress = { name: OWNER.display, address: OWNER.workAddress };

function filed(date: Date, current: string): string {
  const y = date.getUTCFullYear();
  return y <= 2023 ? `Archive/${y}` : current;
}

function workAttachments(rnd: DemoRandom, hint: AttachmentHint, date: Date): AttachmentSpec[] {
  switch (hint) {
    case "document":
      return [att.pdf("Aurora API v2 — draft.pdf", "Project Aurora — API v2 (draft)", ["# Resources", "GET /v2/items?cursor=…", "POST /v2/items (Idempotency-Key header)", "# Pagination", "Opaque cursor tokens, 200 items per page.", "# Errors", "RFC 9457 problem details."], date, "Malik Haddad")];
    case "chart":
      return [att.chartPng(rnd, "p95-latency.png", [180, 176, 190, 410, 398, 205, 182])];
    case "screenshot":
      return [att.screenshotPng(rnd, "settings-redesign.png")];
    case "docx":
      return [att.docx("Release notes 3.2.docx", "Release notes — 3.2", ["Faster search (p95 down 40 %).", "New settings page.", "Fixed: migration of large tenants."], date, "Malik Haddad")];
    case "csv":
      return [att.csv("usage-by-region.csv", [["Region", "Weekly active tenants", "Change %"], ["UK", 1240, 12.5], ["EU", 3310, 9.75], ["US", 5120, 14.25], ["APAC", 980, 21.0]])];
    default:
      return [];
  }
}

export function workMailbox(rnd: DemoRandom, devices: readonly DemoDevice[]): MessageSpec[] {
  const out: MessageSpec[] = [];
  const colleagues = COLLEAGUES.filter((c) => c.email !== OWNER.workAddress);
  const inbound = (m: Omit<MessageSpec, "messageId" | "headers" | "to" | "tz"> & { tz?: string }): MessageSpec => ({
    ...m,
    to: [me],
    tz: m.tz ?? "Europe/London",
    messageId: messageId(rnd, m.from, true),
    headers: [receivedHeader(rnd, m.from, m.date, OWNER.tz, MX)],
  });

  out.push(
    inbound({
      folder: "Archive/2021",
      from: SENDERS.itSupport,
      date: new Date(Date.UTC(2021, 8, 1, 8, 0)),
      subject: "Welcome to Contoso — your account is ready",
      html: "<html><body style=\"font-family: 'Segoe UI'\"><h2>Welcome to Contoso, Malik!</h2><p>Your account malik.haddad@contoso.com is ready. Set up Microsoft Authenticator before your first day: <a href=\"https://aka.ms/mfasetup\">aka.ms/mfasetup</a>.</p></body></html>",
      attachments: [att.pdf("New starter guide.pdf", "Contoso — new starter guide", ["# Day one", "Collect your laptop from IT (3rd floor).", "# Security", "Your laptop's disk is encrypted with BitLocker; the recovery key is kept in Entra ID.", "Never share one-time codes."], new Date(Date.UTC(2021, 7, 20)))],
    }),
  );
  for (let t = 0; t < 16; t++) {
    const who = rnd.pick(colleagues);
    const topic = rnd.pick(WORK_TOPICS);
    const start = rnd.dayTime(Date.UTC(2021, 9, 1), Date.UTC(2025, 10, 20), 8, 17);
    const current = topic.key.startsWith("aurora") || topic.key === "release" ? "Inbox/Project Aurora" : "Inbox";
    out.push(
      ...thread(rnd, {
        owner: me,
        ownerFirstName: OWNER.given,
        ownerTz: OWNER.tz,
        counterpart: who,
        topic,
        start,
        messages: rnd.int(2, 4),
        ownerStarts: rnd.chance(0.5),
        ...(rnd.chance(0.3) ? { cc: [address(person("megan-bowen"))] } : {}),
        inboundFolder: (d) => filed(d, current),
        attachments: (hint, date) => workAttachments(rnd, hint, date),
        mx: MX,
      }),
    );
  }
  const meetings: Array<[string, Date, string]> = [
    ["Aurora architecture review", new Date(Date.UTC(2024, 1, 5, 10)), "johanna-lorenz"],
    ["Customer call: Fabrikam migration", new Date(Date.UTC(2024, 8, 17, 14)), "diego-siciliani"],
    ["Hiring loop — senior engineer", new Date(Date.UTC(2025, 3, 2, 9)), "megan-bowen"],
  ];
  for (const [summary, when, organizerId] of meetings) {
    const org = person(organizerId);
    const day = new Date(when.getTime() + 7 * DAY);
    const ev: EventSpec = {
      uid: `040000008200E00074C5B7101A82E00800000000${rnd.hex(32).toUpperCase()}`,
      summary,
      location: "Microsoft Teams Meeting",
      start: { y: day.getUTCFullYear(), mo: day.getUTCMonth() + 1, d: day.getUTCDate(), h: 15, mi: 0, tz: "Europe/London" },
      end: { y: day.getUTCFullYear(), mo: day.getUTCMonth() + 1, d: day.getUTCDate(), h: 16, mi: 0, tz: "Europe/London" },
      organizer: { name: org.display, email: org.email },
      attendees: [{ name: OWNER.display, email: OWNER.workAddress, partstat: "NEEDS-ACTION" }, { name: "Megan Bowen", email: "megan.bowen@contoso.com", partstat: "ACCEPTED" }],
      alarmMinutes: 15,
      created: when,
    };
    const text = `${summary}\n\n________________________________________________________________________________\nMicrosoft Teams meeting\nJoin on your computer, mobile app or room device\nMeeting ID: ${rnd.int(100, 999)} ${rnd.int(100, 999)} ${rnd.int(100, 999)}\n`;
    out.push(inbound({ folder: filed(when, "Inbox"), from: address(org), tz: org.tz, date: when, subject: summary, text, html: textToHtml(text), attachments: [att.ics("invite.ics", invitation(ev))] }));
  }
  for (const d of devices) {
    const date = new Date(d.registered.getTime() + 2 * 3600_000);
    out.push(
      inbound({
        folder: filed(date, "Inbox"),
        from: SENDERS.itSupport,
        date,
        subject: `${d.displayName} is now protected with BitLocker`,
        text: `Hello Malik,\n\nThe ${d.volumeLabel} of your device ${d.displayName} (${d.model}) is now encrypted with BitLocker. Its recovery key has been backed up to your Contoso account (Entra ID).\n\nIf your PC ever asks for a recovery key, find it at https://myaccount.microsoft.com/device-list ("View BitLocker Keys"), or call the service desk. The key ID shown on the recovery screen starts with ${d.keyId.slice(0, 8).toUpperCase()}.\n\nContoso IT`,
        attachments: [],
      }),
    );
  }
  for (let m = 0; m < 6; m++) {
    const date = new Date(Date.UTC(2025, 4 + m, 25, 6, 0));
    const month = date.toLocaleString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
    out.push(
      inbound({
        folder: "Inbox/HR",
        from: SENDERS.hr,
        date,
        subject: `Your payslip for ${month}`,
        text: `Your payslip for ${month} is attached (password-free copy for your records).`,
        attachments: [att.pdf(`Payslip ${date.toISOString().slice(0, 7)}.pdf`, `Payslip — ${month}`, ["Contoso Ltd", "Employee: Malik Haddad", "Basic salary", "Pension (5 %)", "Income tax", "National Insurance", "# Net pay: see portal"], date, "Contoso People Team")],
      }),
    );
  }
  for (let i = 0; i < 4; i++) {
    const date = new Date(Date.UTC(2025, 6 + i, 8 + i, 13, 5));
    const who = colleagues[i]!;
    out.push(
      inbound({
        folder: i < 2 ? "Deleted Items" : "Inbox",
        from: SENDERS.teams,
        tz: "UTC",
        date,
        subject: `${who.display} mentioned you in Aurora / General`,
        html: `<html><body style="font-family: 'Segoe UI'"><p><b>${who.display}</b> mentioned you:</p><blockquote>@Malik can you take a look at the failing build on main? 🙏</blockquote><p><a href="https://teams-notifications.example/l/message/${rnd.hex(16)}">Reply in Teams</a></p></body></html>`,
        attachments: [],
      }),
    );
  }
  out.push({
    folder: "Drafts",
    from: me,
    to: [address(person("lee-gu"))],
    cc: [address(person("megan-bowen"))],
    date: new Date(Date.UTC(2025, 10, 26, 17, 50)),
    tz: OWNER.tz,
    subject: "Proposal: on-call rotation changes",
    text: "Hi Lee,\n\nFollowing the retro, I'd like to propose moving to a follow-the-sun rotation with the Seattle team:\n\n1. ",
    attachments: [],
    messageId: messageId(rnd, me, true),
    headers: [{ key: "X-Unsent", value: "1" }],
  });
  return out;
}
