// The personal (Outlook.com) mailbox of the demo account: about 300 messages over 13 years in a
// nested folder tree. Conversations with family and friends, newsletters (HTML with inline images),
// receipts and bills with PDF and CSV attachments, tax papers, travel bookings with calendar
// invitations, reminders, junk, drafts, deleted items, and a few messages filed in two folders.
import { invitation } from "./demo-calendar.js";
import * as att from "./demo-attachments.js";
import type { AttachmentSpec } from "./demo-attachments.js";
import type { DemoRandom } from "./demo-random.js";
import { OWNER, PEOPLE, SENDERS, person, type Person } from "./demo-people.js";
import { TOPICS, textToHtml, type AttachmentHint } from "./demo-text.js";
import type { MailAddress, MessageSpec } from "./eml-writer.js";
import { address, messageId, receivedHeader, thread } from "./mail-thread.js";
import type { EventSpec } from "./ics-builder.js";

const MX = "mx.outlook-demo.example";
const START = Date.UTC(2013, 1, 1);
const END = Date.UTC(2025, 10, 28);
const DAY = 86_400_000;

const me: MailAddress = { name: OWNER.display, address: OWNER.personalAddress };

/** Mail received before 2020 was archived by year; newer mail stays in the Inbox tree. */
function filed(date: Date, current: string): string {
  const y = date.getUTCFullYear();
  return y <= 2019 ? `Archive/${y}` : current;
}

type Inbound = Omit<MessageSpec, "messageId" | "headers" | "tz" | "to" | "attachments"> & {
  to?: MailAddress[];
  tz?: string;
  headers?: MessageSpec["headers"];
  attachments?: AttachmentSpec[];
};

/** A message the owner received: its Message-ID from the sender's system, a Received header. */
function inbound(rnd: DemoRandom, m: Inbound): MessageSpec {
  const tz = m.tz ?? "Europe/London";
  return {
    ...m,
    to: m.to ?? [me],
    attachments: m.attachments ?? [],
    tz,
    messageId: messageId(rnd, m.from, false),
    headers: [receivedHeader(rnd, m.from, m.date, OWNER.tz, MX), ...(m.headers ?? [])],
  };
}

const money = (n: number): string => `£${n.toFixed(2)}`;
const monthName = (d: Date): string => d.toLocaleString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

function topicAttachments(rnd: DemoRandom, hint: AttachmentHint, date: Date, sender: MailAddress): AttachmentSpec[] {
  switch (hint) {
    case "photos":
      return att.photos(rnd, date, rnd.int(1, 3));
    case "invite": {
      const day = new Date(date.getTime() + rnd.int(3, 12) * DAY);
      const ev: EventSpec = {
        uid: `${rnd.guid()}@lifeboat.demo`,
        summary: rnd.pick(["Dinner at ours", "Birthday party 🎉", "Sunday lunch", "Drinks in the garden"]),
        location: rnd.pick(["27 Cotham Vale, Bristol", "4 Ashley Down Road, Bristol", "The Old Fish Market, Bristol"]),
        start: { y: day.getUTCFullYear(), mo: day.getUTCMonth() + 1, d: day.getUTCDate(), h: 19, mi: 0, tz: "Europe/London" },
        end: { y: day.getUTCFullYear(), mo: day.getUTCMonth() + 1, d: day.getUTCDate(), h: 22, mi: 30, tz: "Europe/London" },
        organizer: { name: sender.name, email: sender.address },
        attendees: [{ name: OWNER.display, email: OWNER.personalAddress, partstat: "NEEDS-ACTION" }],
        alarmMinutes: 60,
        created: date,
      };
      return [att.ics("invite.ics", invitation(ev))];
    }
    case "recipe":
      return [
        rnd.chance(0.5)
          ? att.text("Rezept — Linsensuppe.txt", "Linsensuppe (für 4)\n\n250 g rote Linsen\n1 Zwiebel, 2 Karotten\n1 TL Kreuzkümmel, geröstet\n1 l Gemüsebrühe\nSaft einer Zitrone\n\nAlles 20 Minuten köcheln, pürieren, mit Zitrone abschmecken.\n")
          : att.text("Reading list.txt", "Reading list\n\n1. Der Turm — Uwe Tellkamp (976 pages)\n2. Tschick — Wolfgang Herrndorf (256 pages)\n3. Die Vermessung der Welt — Daniel Kehlmann (304 pages)\n4. Unterleuten — Juli Zeh (640 pages)\n"),
      ];
    case "itinerary":
      return [
        att.pdf(`Itinerary ${date.getUTCFullYear()}.pdf`, "Trip itinerary", [
          "# Day 1", "Arrive, check in, dinner near the hotel.", "# Day 2", "Old town walking tour; tram 28; pastéis de nata.", "# Day 3", "Museum in the morning, beach in the afternoon.",
          "# Day 4", "Day trip by train.", "# Day 5", "Markets, long lunch, pack.",
        ], date),
      ];
    case "document":
      return [att.pdf("Checklist.pdf", "Checklist", ["Boxes and tape", "Meter readings", "Redirect post", "Keys to the landlord", "Broadband transfer", "Council tax", "Change of address: bank, GP, DVLA"], date)];
    default:
      return [];
  }
}

function conversations(rnd: DemoRandom): MessageSpec[] {
  const correspondents = PEOPLE.filter((p) => p.email && p.circle !== "company" && p.circle !== "colleague");
  const weighted: Array<readonly [Person, number]> = correspondents.map((p) => [p, p.circle === "family" ? 3 : p.circle === "friend" ? 2 : 1] as const);
  const out: MessageSpec[] = [];
  for (let t = 0; t < 56; t++) {
    const who = rnd.weighted(weighted);
    const topics = TOPICS.filter((tp) => tp.circles.includes(who.circle) || (tp.key === "books" && who.id === "zoe-muller"));
    const topic = rnd.pick(topics);
    const start = rnd.dayTime(START + 30 * DAY, END - 10 * DAY, 7, 21);
    const lea = person("lea-haddad");
    const cc = who.circle === "family" && who.id !== "lea-haddad" && rnd.chance(0.4) ? [address(lea)] : undefined;
    const current = who.circle === "family" ? "Inbox/Family" : who.circle === "bookclub" || topic.key === "books" ? "Inbox/Bücherclub" : "Inbox";
    out.push(
      ...thread(rnd, {
        owner: me,
        ownerFirstName: OWNER.given,
        ownerTz: OWNER.tz,
        counterpart: who,
        topic,
        start,
        messages: rnd.int(2, 5),
        ownerStarts: rnd.chance(0.45),
        ...(cc ? { cc } : {}),
        inboundFolder: (d) => filed(d, current),
        attachments: (hint, date, sender) => topicAttachments(rnd, hint, date, sender),
        mx: MX,
      }),
    );
  }
  return out;
}

function familyPhotos(rnd: DemoRandom): MessageSpec[] {
  const nadia = person("nadia-fletcher");
  const names: ReadonlyArray<readonly string[]> = [
    ["Sami à la plage", "Sami à la plage (2)"],
    ["Geburtstag 🎂", "Kerzen"],
    ["写真", "東京タワー"],
    [],
    [],
    ["Swimming gala"],
  ];
  return names.map((n, i) => {
    const date = new Date(Date.UTC(2020 + i, (i * 3 + 5) % 12, 10 + i, 17, 12));
    const body = `Hi Malik,\n\nA few from the weekend — Sami insisted you get them first!\n\nLove,\nNadia`;
    return inbound(rnd, {
      folder: "Inbox/Family",
      from: address(nadia),
      cc: [address(person("samira-haddad"))],
      date,
      subject: i === 2 ? "写真 from the Japan evening" : `Photos (${date.getUTCFullYear()})`,
      text: body,
      html: textToHtml(body),
      attachments: att.photos(rnd, date, n.length || 2, n.length ? n : undefined),
      // Filed twice by the owner: once in the family folder, once left in the Inbox.
      ...(i === 1 || i === 4 ? { alsoIn: ["Inbox"] } : {}),
    });
  });
}

function newsletters(rnd: DemoRandom): MessageSpec[] {
  const out: MessageSpec[] = [];
  const cafeTitles = ["Autumn readings", "New: Sunday brunch", "Author evening with Juli Zeh", "Poetry night", "Summer book sale", "Kids' story hour", "Crime fiction month", "Our 10th birthday!"];
  for (let i = 0; i < 14; i++) {
    const date = new Date(Date.UTC(2016 + Math.floor(i * 0.7), (i * 5) % 12, 3, 8, 30));
    const title = cafeTitles[i % cafeTitles.length]!;
    const cid = `banner-${i}@bristolbookcafe.example`;
    const withImage = i % 2 === 0;
    const html =
      `<html><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family: Georgia, serif; max-width: 600px">` +
      (withImage ? `<img src="cid:${cid}" alt="${title}" width="560">` : "") +
      `<h1>${title}</h1><p>Dear reader,</p><p>This month at the café: ${title.toLowerCase()}, fresh cinnamon buns (Kanelbullar!) and 10&nbsp;% off all translated fiction.</p>` +
      `<p>Der Bücherclub trifft sich wie immer am ersten Mittwoch — neue Mitglieder willkommen.</p>` +
      `<p style="font-size: 10pt; color: #777">You receive this because you signed up at the till. <a href="https://bristolbookcafe.example/unsubscribe">Unsubscribe</a></p></body></html>`;
    const text = `${title}\n\nDear reader,\n\nThis month at the café: ${title.toLowerCase()}, fresh cinnamon buns and 10 % off all translated fiction.\n\nDer Bücherclub trifft sich wie immer am ersten Mittwoch.\n\nUnsubscribe: https://bristolbookcafe.example/unsubscribe\n`;
    const y = date.getUTCFullYear();
    const folder = y <= 2019 ? `Archive/${y}` : i % 4 === 3 ? "Deleted Items" : "Inbox/Newsletters";
    out.push(
      inbound(rnd, {
        folder,
        from: SENDERS.bookCafe,
        date,
        subject: `Bristol Book Café — ${title}`,
        text,
        html,
        attachments: withImage ? [att.jpegPhoto(rnd, `banner-${i}.jpg`, 560, 240, cid)] : [],
        headers: [{ key: "List-Unsubscribe", value: "<https://bristolbookcafe.example/unsubscribe>" }],
      }),
    );
  }
  for (let i = 0; i < 8; i++) {
    const date = new Date(Date.UTC(2014 + i * 1.5, (i * 7) % 12, 15, 18, 0));
    const cid = `chart-${i}@litwarephoto.example`;
    const html =
      `<html><body style="font-family: Helvetica, Arial, sans-serif"><h2>Litware Photo Club — Issue ${40 + i}</h2>` +
      `<p>Entries to this month's challenge (“Reflections”) by week:</p><img src="cid:${cid}" alt="Entries by week">` +
      `<p>Tip of the month: shoot RAW+JPEG and keep both. Storage is cheap, missed moments are not.</p></body></html>`;
    const y = date.getUTCFullYear();
    out.push(
      inbound(rnd, {
        folder: y <= 2019 ? `Archive/${y}` : i % 3 === 0 ? "Deleted Items" : "Inbox/Newsletters",
        from: SENDERS.photoClub,
        date,
        subject: `Photo Club issue ${40 + i}: “Reflections”`,
        html,
        attachments: [att.chartPng(rnd, `entries-${40 + i}.png`, [12 + i, 18, 25 - i, 31, 22 + i], cid)],
        headers: [{ key: "List-Unsubscribe", value: "<mailto:unsubscribe@litwarephoto.example>" }],
      }),
    );
  }
  return out;
}

function receipts(rnd: DemoRandom): MessageSpec[] {
  const out: MessageSpec[] = [];
  const items = ["Ceramic teapot", "Reading lamp", "Yoga mat", "Electric kettle", "Cast-iron pan", "Board game: Carcassonne", "Wool blanket", "Bike lights", "Garden kneeler", "Espresso cups (6)"];
  for (let i = 0; i < 10; i++) {
    const date = rnd.dayTime(Date.UTC(2014, 0, 1), END, 6, 22);
    const order = `WWI-${100200 + i * 37}`;
    const lines = rnd.sample(items, rnd.int(1, 3)).map((name) => ({ name, price: rnd.int(599, 8999) / 100 }));
    const total = lines.reduce((n, l) => n + l.price, 0) + 3.95;
    const rows = lines.map((l) => `<tr><td>${l.name}</td><td align="right">${money(l.price)}</td></tr>`).join("");
    const html = `<html><body style="font-family: Arial, sans-serif"><h2>Thank you for your order ${order}</h2><table cellpadding="4">${rows}<tr><td>Delivery</td><td align="right">£3.95</td></tr><tr><td><b>Total</b></td><td align="right"><b>${money(total)}</b></td></tr></table><p>Your invoice is attached.</p></body></html>`;
    out.push(
      inbound(rnd, {
        folder: filed(date, "Inbox/Receipts"),
        from: SENDERS.shop,
        date,
        subject: `Your Wide World Importers order ${order}`,
        text: `Thank you for your order ${order}.\n\n${lines.map((l) => `${l.name}  ${money(l.price)}`).join("\n")}\nDelivery  £3.95\nTotal  ${money(total)}\n\nYour invoice is attached.`,
        html,
        attachments: [att.pdf(`Invoice ${order}.pdf`, `Invoice ${order}`, ["Wide World Importers Ltd", "", ...lines.map((l) => `${l.name} — ${money(l.price)}`), "Delivery — £3.95", `# Total ${money(total)} (VAT included)`], date)],
      }),
    );
  }
  for (let i = 0; i < 8; i++) {
    const date = new Date(Date.UTC(2020 + Math.floor(i / 2) + (i % 2 ? 0.5 : 0), (i * 3) % 12, 6, 7, 15));
    const amount = rnd.int(9000, 24000) / 100;
    out.push(
      inbound(rnd, {
        folder: "Inbox/Receipts",
        from: SENDERS.energy,
        date,
        subject: `Your Fabrikam Energy bill for ${monthName(date)}`,
        text: `Hello Malik,\n\nYour bill for ${monthName(date)} is ready: ${money(amount)}, collected by Direct Debit on the 20th.\n\nFabrikam Energy`,
        attachments: [att.pdf(`Fabrikam Energy bill ${date.toISOString().slice(0, 7)}.pdf`, `Energy bill — ${monthName(date)}`, ["Account 8812 4471", "Electricity: 312 kWh", "Gas: 1,048 kWh", `# Amount due ${money(amount)}`], date)],
      }),
    );
  }
  for (let i = 0; i < 6; i++) {
    const month = i + 4;
    const date = new Date(Date.UTC(2025, month, 2, 6, 0));
    const stamp = `2025-${String(month).padStart(2, "0")}`;
    const rows = att.statementRows(rnd, 2025, month);
    out.push(
      inbound(rnd, {
        folder: "Inbox/Receipts",
        from: SENDERS.bank,
        date,
        subject: `Your statement is ready (${stamp})`,
        text: "Your monthly statement is attached as PDF, with a CSV export for your spreadsheet.\n\nWoodgrove Bank will never ask for your password by email.",
        attachments: [
          att.pdf(`Statement ${stamp}.pdf`, `Woodgrove Bank — statement ${stamp}`, rows.map((r) => r.map((v) => (typeof v === "number" ? v.toFixed(2) : v)).join("   ")), date),
          att.csv(`statement-${stamp}.csv`, rows),
        ],
      }),
    );
  }
  for (let i = 0; i < 2; i++) {
    const date = new Date(Date.UTC(2018 + i * 5, 4, 12, 11, 0));
    out.push(
      inbound(rnd, {
        folder: filed(date, "Inbox/Receipts"),
        from: SENDERS.bikes,
        date,
        subject: i === 0 ? "Reçu — Adventure Works Cycles" : "Your service booking is confirmed",
        text: i === 0 ? "Merci ! Your receipt is attached." : "Your bike service is booked. Receipt attached.",
        attachments: [att.pdf(i === 0 ? "Reçu Adventure Works.pdf" : "Service receipt.pdf", "Adventure Works Cycles — receipt", ["Touring bike service", "Chain and cassette", "# Total £145.00"], date)],
      }),
    );
  }
  return out;
}

function taxes(rnd: DemoRandom): MessageSpec[] {
  const jane = person("jane-proseware");
  const out: MessageSpec[] = [];
  for (const year of [2022, 2023, 2024]) {
    const date = new Date(Date.UTC(year + 1, 3, 20, 9, 0));
    out.push(
      inbound(rnd, {
        folder: "Inbox/Receipts/Taxes",
        from: SENDERS.bank,
        date,
        subject: `Annual interest statement ${year}-${String((year + 1) % 100).padStart(2, "0")}`,
        text: `Your annual statement of interest for the tax year ${year}-${(year + 1) % 100} is attached. Keep it with your tax records.`,
        attachments: [att.pdf(`Interest statement ${year}-${(year + 1) % 100}.pdf`, "Annual interest statement", [`Tax year 6 April ${year} – 5 April ${year + 1}`, `Gross interest: ${money(rnd.int(4000, 30000) / 100)}`, "Tax deducted: £0.00"], date)],
        // Also left in Receipts: the same message in two folders.
        alsoIn: ["Inbox/Receipts"],
      }),
    );
  }
  const date = new Date(Date.UTC(2025, 0, 8, 10, 30));
  const first = inbound(rnd, {
    folder: "Inbox/Receipts/Taxes",
    from: address(jane),
    date,
    subject: "Your tax return 2023-24 — ready to sign",
    text: "Dear Malik,\n\nPlease find your draft return attached. If everything looks right, reply to this email and I will submit it before the 31 January deadline.\n\nKind regards,\nJane Doyle\nProseware Accounting",
    attachments: [att.pdf("Tax return 2023-24 (draft).pdf", "Self Assessment 2023-24 — draft", ["# Income", "Employment: Contoso Ltd", "Interest: see statement", "# Tax due", "Balancing payment due 31 January 2025"], date, "Proseware Accounting")],
  });
  const reply: MessageSpec = {
    folder: "Sent Items",
    from: me,
    to: [address(jane)],
    date: new Date(date.getTime() + 2 * DAY),
    tz: OWNER.tz,
    subject: "Re: Your tax return 2023-24 — ready to sign",
    text: "Hi Jane,\n\nAll looks right to me — please go ahead and submit.\n\nThanks,\nMalik",
    attachments: [],
    messageId: messageId(rnd, me, true),
    inReplyTo: first.messageId,
    references: [first.messageId],
  };
  return [...out, first, reply];
}

function travel(rnd: DemoRandom): MessageSpec[] {
  const out: MessageSpec[] = [];
  const flights: Array<{ date: Date; code: string; from: string; to: string; dep: [number, number, number, number, number, string]; arr: [number, number, number, number, number, string] }> = [
    { date: new Date(Date.UTC(2019, 4, 20, 12)), code: "TS 8801", from: "London Heathrow", to: "Tokyo Haneda", dep: [2019, 10, 19, 19, 5, "Europe/London"], arr: [2019, 10, 20, 16, 30, "Asia/Tokyo"] },
    { date: new Date(Date.UTC(2021, 8, 2, 12)), code: "TS 2210", from: "Bristol", to: "Madrid", dep: [2021, 10, 8, 6, 40, "Europe/London"], arr: [2021, 10, 8, 10, 5, "Europe/Paris"] },
    { date: new Date(Date.UTC(2023, 1, 11, 9)), code: "TS 1342", from: "Bristol", to: "Lisbon", dep: [2023, 6, 10, 7, 5, "Europe/London"], arr: [2023, 6, 10, 9, 45, "Europe/Lisbon"] },
    { date: new Date(Date.UTC(2025, 2, 3, 9)), code: "TS 0417", from: "Bristol", to: "Copenhagen", dep: [2025, 5, 2, 8, 15, "Europe/London"], arr: [2025, 5, 2, 11, 10, "Europe/Berlin"] },
  ];
  flights.forEach((f, i) => {
    const when = (a: typeof f.dep): EventSpec["start"] => ({ y: a[0], mo: a[1], d: a[2], h: a[3], mi: a[4], tz: a[5] });
    const ev: EventSpec = { uid: `${rnd.guid()}@tailspin-air.example`, summary: `Flight ${f.code} ${f.from} → ${f.to}`, location: f.from, start: when(f.dep), end: when(f.arr), alarmMinutes: 180, organizer: { name: SENDERS.airline.name, email: SENDERS.airline.address }, attendees: [{ name: OWNER.display, email: OWNER.personalAddress, partstat: "NEEDS-ACTION" }], created: f.date };
    const ref = `${rnd.hex(6).toUpperCase()}`;
    const html = `<html><body style="font-family: Arial"><h2>Booking confirmed: ${ref}</h2><p>${f.code} ${f.from} → ${f.to}</p><p>Passenger: MR MALIK HADDAD</p><p>Add the flight to your calendar with the attached invitation. Your boarding pass is attached.</p></body></html>`;
    out.push(
      inbound(rnd, {
        folder: filed(f.date, "Inbox/Travel"),
        from: SENDERS.airline,
        date: f.date,
        subject: `Booking confirmation ${ref} — ${f.from} to ${f.to}`,
        text: `Booking confirmed: ${ref}\n${f.code} ${f.from} → ${f.to}\nPassenger: MR MALIK HADDAD\n`,
        html,
        attachments: [att.ics("flight.ics", invitation(ev)), att.pdf(`Boarding pass ${ref}.pdf`, `Boarding pass — ${f.code}`, [`Passenger: HADDAD/MALIK MR`, `Flight: ${f.code}`, `From: ${f.from}`, `To: ${f.to}`, `Seat: ${rnd.int(3, 30)}${rnd.pick(["A", "C", "D", "F"])}`, `Booking reference: ${ref}`], f.date)],
        ...(i === 3 ? { alsoIn: ["Inbox"] } : {}),
      }),
    );
  });
  const hotels: Array<[Date, string]> = [
    [new Date(Date.UTC(2019, 5, 1, 12)), "Hotel Gracery Shinjuku, 東京"],
    [new Date(Date.UTC(2022, 1, 20, 12)), "Hôtel des Célestins, Lyon"],
    [new Date(Date.UTC(2023, 1, 12, 12)), "Casa do Príncipe, Lisboa"],
  ];
  for (const [date, name] of hotels) {
    out.push(
      inbound(rnd, {
        folder: filed(date, "Inbox/Travel"),
        from: SENDERS.hotel,
        date,
        subject: `Your stay at ${name}`,
        html: `<html><body><h2>Your stay at ${name}</h2><p>Check-in from 15:00. Free cancellation until 48 hours before arrival.</p><p>Booking details are attached.</p></body></html>`,
        attachments: [att.pdf("Booking confirmation.pdf", `Booking — ${name}`, ["Guests: 2 adults", "Room: double, breakfast included", `Booked on ${date.toISOString().slice(0, 10)}`], date)],
      }),
    );
  }
  for (let i = 0; i < 4; i++) {
    const date = new Date(Date.UTC(2018 + i * 2, (i * 4 + 2) % 12, 14, 20, 0));
    out.push(
      inbound(rnd, {
        folder: filed(date, "Inbox/Travel"),
        from: SENDERS.rail,
        date,
        subject: `Your e-ticket: Bristol Temple Meads → ${["London Paddington", "Cardiff Central", "Bath Spa", "London Paddington"][i]}`,
        text: "Your e-ticket is attached. Show it on your phone or print it.",
        attachments: [att.pdf(`E-ticket ${date.toISOString().slice(0, 10)}.pdf`, "Northwind Rail e-ticket", ["Off-peak return", "Coach C, seat 42", "Valid on the date shown only"], date)],
      }),
    );
  }
  return out;
}

function reminders(rnd: DemoRandom): MessageSpec[] {
  const out: MessageSpec[] = [];
  const books = ["Small Things Like These — Claire Keegan", "The Overstory — Richard Powers", "Klara and the Sun — Kazuo Ishiguro", "Kindred — Octavia E. Butler"];
  for (let i = 0; i < 4; i++) {
    const date = new Date(Date.UTC(2015 + i * 3, (i * 5) % 12, 9, 7, 0));
    out.push(inbound(rnd, { folder: filed(date, "Inbox"), from: SENDERS.library, date, subject: "Your loans are due soon", text: `Dear borrower,\n\nThe following items are due back on ${new Date(date.getTime() + 3 * DAY).toDateString()}:\n\n  • ${books[i]}\n\nRenew online at https://bristol-libraries.example/account\n` }));
  }
  const dentist = person("helen-ward");
  for (const [y, mo, d] of [[2016, 8, 30], [2019, 7, 31], [2023, 1, 25], [2025, 0, 14]] as const) {
    const date = new Date(Date.UTC(y, mo, d, 9, 0));
    out.push(inbound(rnd, { folder: filed(date, "Inbox"), from: { name: "Harbourside Dental Practice", address: dentist.email }, date, subject: "Appointment reminder", text: "This is a reminder of your check-up next week with Dr Helen Ward. Reply to this email to rearrange.\n\nHarbourside Dental Practice, Unit 4, Harbourside, Bristol BS1 5DB" }));
  }
  const welcome = new Date(START);
  out.push(
    inbound(rnd, {
      folder: "Archive/2013",
      from: SENDERS.outlookTeam,
      date: welcome,
      tz: "America/Los_Angeles",
      subject: "Welcome to your new Outlook.com account",
      html: "<html><body style=\"font-family: 'Segoe UI', sans-serif\"><h1>Welcome, Malik</h1><p>Your new inbox is ready. Connect your contacts, add your calendar, and get the app on your phone.</p></body></html>",
      text: "Welcome, Malik\n\nYour new inbox is ready. Connect your contacts, add your calendar, and get the app on your phone.",
      attachments: [],
    }),
  );
  return out;
}

function junk(rnd: DemoRandom): MessageSpec[] {
  const spam: Array<[string, string, string]> = [
    ["Prize Department", "winner@lucky-prize.example", "You've WON a £500 voucher!!! Claim now"],
    ["Служба поддержки", "support@prize-ru.example", "Ваш выигрыш ждёт вас — подтвердите данные"],
    ["客服中心", "service@bonus-cn.example", "恭喜您获得奖金，请立即领取"],
    ["Account Security", "security@verify-now.example", "Urgent: verify your account within 24 hours"],
    ["Pharmacy Online", "deals@pharma-cheap.example", "Cheap meds — 90% off today only"],
    ["Crypto Signals", "vip@crypto-moon.example", "Crypto opportunity 💰💰💰 don't miss out"],
    ["Invoice Desk", "billing@invoices-overdue.example", "Re: invoice overdue — final notice"],
    ["Dating Club", "hello@meet-singles.example", "3 people near Bristol want to meet you ❤️"],
  ];
  return spam.map(([name, email, subject], i) => {
    const date = new Date(Date.UTC(2025, 8 + Math.floor(i / 3), 3 + i * 3, 2 + i, 17));
    const from = { name, address: email };
    return inbound(rnd, {
      folder: "Junk Email",
      from,
      tz: "UTC",
      date,
      subject,
      html: `<html><body><table width="100%" bgcolor="#ffeeaa"><tr><td><h1 style="color: red">${subject}</h1><p><a href="https://${email.split("@")[1]}/claim?id=${rnd.hex(10)}">CLICK HERE</a></p></td></tr></table></body></html>`,
      attachments: i === 6 ? [att.pdf("invoice_overdue.pdf", "Invoice", ["Amount due: £1,249.00", "Pay immediately."], date)] : [],
      headers: [{ key: "X-MS-Exchange-Organization-SCL", value: "9" }],
    });
  });
}

function drafts(rnd: DemoRandom): MessageSpec[] {
  const drafts: Array<[string, Person | undefined, string]> = [
    ["Thank-you note", person("brigitte-moreau"), "Chère Brigitte,\n\nMerci encore pour ce merveilleux week-end à Lyon…"],
    ["Boiler — quote?", person("oliver-bennett"), "Hi Oliver,\n\nCould you send a quote for replacing the"],
    ["Ideas for Léa's birthday", undefined, "- cooking class in Lyon?\n- the blue ceramic vase\n- weekend in Bath"],
    ["Re: Bücherclub im März", person("zoe-muller"), "Liebe Zoë,\n\nich schaffe es leider erst um acht"],
  ];
  return drafts.map(([subject, to, text], i) => ({
    folder: "Drafts",
    from: me,
    to: to ? [address(to)] : [],
    date: new Date(Date.UTC(2025, 10, 3 + i * 5, 21, 40)),
    tz: OWNER.tz,
    subject,
    text,
    attachments: i === 2 ? [att.photos(rnd, new Date(Date.UTC(2025, 9, 1)), 1, ["vase"])[0]!] : [],
    messageId: messageId(rnd, me, true),
    // How Outlook marks an unsent message in a saved .eml.
    headers: [{ key: "X-Unsent", value: "1" }],
  }));
}

function deleted(rnd: DemoRandom): MessageSpec[] {
  const date = new Date(Date.UTC(2024, 6, 2, 13, 0));
  return [
    inbound(rnd, { folder: "Deleted Items", from: SENDERS.shop, date, subject: "Your parcel is out for delivery", text: "Your parcel will arrive today between 10:00 and 14:00." }),
    inbound(rnd, { folder: "Deleted Items", from: SENDERS.library, date: new Date(date.getTime() + 40 * DAY), subject: "Library newsletter: summer reading challenge", html: "<html><body><h2>Summer Reading Challenge</h2><p>Six books, six weeks. Sign up at any branch.</p></body></html>" }),
    {
      folder: "Deleted Items",
      from: me,
      to: [address(person("ben-carter"))],
      // The one Bcc the owner used, kept in the header as Sent Items keeps it.
      bcc: [address(person("lea-haddad"))],
      date: new Date(date.getTime() + 90 * DAY),
      tz: OWNER.tz,
      subject: "Re: Thursday run",
      text: "Can't make it this week, sorry — knee again.\n\nMalik",
      attachments: [],
      messageId: messageId(rnd, me, true),
    },
  ];
}

export function personalMailbox(rnd: DemoRandom): MessageSpec[] {
  return [
    ...conversations(rnd),
    ...familyPhotos(rnd),
    ...newsletters(rnd),
    ...receipts(rnd),
    ...taxes(rnd),
    ...travel(rnd),
    ...reminders(rnd),
    ...junk(rnd),
    ...drafts(rnd),
    ...deleted(rnd),
  ];
}
