// The demo account's calendars: the owner's "Calendar" and a shared-looking "Family" calendar, and
// the work account's "Calendar". Hand-written events that cover what a calendar backup must keep:
// single and all-day events, multi-day trips, flights that start and end in different zones, a
// floating-time chore, a UTC call, weekly/biweekly/monthly-by-weekday/yearly series (a leap-day
// birthday too), moved occurrences (RECURRENCE-ID), cancelled ones (EXDATE), a cancelled meeting,
// attendees with replies, reminders, and one file with several unrelated events.
import type { DemoRandom } from "./demo-random.js";
import { buildCalendar, type Attendee, type EventSpec, type Party, type When } from "./ics-builder.js";
import { COLLEAGUES, OWNER, person } from "./demo-people.js";
import { slug } from "./demo-text.js";

export interface CalendarFile {
  /** Calendar (folder) name, e.g. "Calendar", "Family". */
  calendar: string;
  name: string;
  ics: string;
  /** VEVENT components in the file (series masters, overrides and single events). */
  components: number;
  series: number;
  overrides: number;
  exdates: number;
  /** Last modification of the file's events (the file's mtime). */
  modified: Date;
}

const LDN = "Europe/London";
const at = (y: number, mo: number, d: number, h = 0, mi = 0, tz = LDN): When => ({ y, mo, d, h, mi, tz });
const day = (y: number, mo: number, d: number): When => ({ y, mo, d });
/** The day after a date (the exclusive DTEND of an all-day event), across month ends. */
const nextDay = (w: When): When => {
  const d = new Date(Date.UTC(w.y, w.mo - 1, w.d + 1));
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate() };
};
const utcDate = (y: number, mo: number, d: number, h = 9): Date => new Date(Date.UTC(y, mo - 1, d, h));

function partyOf(id: string): Party {
  const p = person(id);
  return { name: p.display, email: p.email };
}

function attendee(id: string, partstat: Attendee["partstat"] = "ACCEPTED", role?: Attendee["role"]): Attendee {
  return { ...partyOf(id), partstat, ...(role ? { role } : {}) };
}

/** UIDs in the shapes real calendars use: Outlook's GlobalObjectId hex, a GUID, a Google-style id. */
function uid(rnd: DemoRandom, style: "outlook" | "guid" | "google"): string {
  if (style === "outlook") return `040000008200E00074C5B7101A82E00800000000${rnd.hex(16).toUpperCase()}00000000000000001000000${rnd.hex(33).toUpperCase()}`;
  if (style === "google") return `${rnd.hex(26)}@google.com`;
  return rnd.guid().toUpperCase();
}

function personalEvents(rnd: DemoRandom, me: Party): { calendar: EventSpec[]; family: EventSpec[]; holidays: EventSpec[] } {
  const running: EventSpec = {
    uid: uid(rnd, "outlook"),
    summary: "Running club",
    location: "The Downs, Bristol",
    description: "Tuesday and Thursday loop, about 7 km. Head torch in winter!",
    start: at(2019, 4, 2, 18, 30),
    end: at(2019, 4, 2, 19, 30),
    rrule: "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20251030T235959Z",
    exdates: [at(2019, 12, 24, 18, 30), at(2020, 3, 26, 18, 30), at(2023, 6, 13, 18, 30)],
    overrides: [
      { recurrenceId: at(2021, 5, 20, 18, 30), start: at(2021, 5, 20, 19, 0), end: at(2021, 5, 20, 20, 0), location: "Ashton Court, Bristol" },
      { recurrenceId: at(2024, 9, 10, 18, 30), start: at(2024, 9, 10, 18, 30), end: at(2024, 9, 10, 19, 45), summary: "Running club — 10 km time trial" },
    ],
    organizer: partyOf("ben-carter"),
    attendees: [{ ...me, partstat: "ACCEPTED" }, attendee("kwame-mensah")],
    alarmMinutes: 30,
    categories: ["Sport"],
    created: utcDate(2019, 3, 28),
    modified: utcDate(2024, 9, 2),
  };
  const physio: EventSpec = {
    uid: uid(rnd, "guid"),
    summary: "Physio (knee)",
    location: "Cotham Physiotherapy, 2 Cotham Road, Bristol",
    start: at(2022, 1, 10, 8, 0),
    end: at(2022, 1, 10, 8, 45),
    rrule: "FREQ=WEEKLY;COUNT=6",
    alarmMinutes: 60,
    privacy: "PRIVATE",
    created: utcDate(2022, 1, 5),
  };
  const cleaning: EventSpec = {
    uid: uid(rnd, "guid"),
    summary: "Clean the flat",
    description: "Floating time: 10 am wherever we are.",
    start: { y: 2020, mo: 1, d: 4, h: 10, mi: 0, tz: "floating" },
    end: { y: 2020, mo: 1, d: 4, h: 12, mi: 0, tz: "floating" },
    rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA;UNTIL=20201226T235959",
    created: utcDate(2020, 1, 2),
  };
  const rent: EventSpec = {
    uid: uid(rnd, "outlook"),
    summary: "Rent due (Redland flat)",
    allDay: true,
    start: day(2015, 1, 1),
    end: day(2015, 1, 2),
    rrule: "FREQ=MONTHLY;BYMONTHDAY=1;UNTIL=20190601",
    alarmMinutes: 24 * 60,
    created: utcDate(2014, 12, 20),
  };
  const singles: EventSpec[] = [];
  const dentistDates: Array<[number, number, number, number]> = [
    [2014, 3, 12, 9], [2015, 2, 17, 14], [2016, 9, 6, 10], [2018, 1, 23, 16], [2019, 8, 14, 11], [2021, 7, 1, 9], [2023, 2, 8, 15], [2025, 1, 21, 10],
  ];
  for (const [y, mo, d, h] of dentistDates) {
    singles.push({
      uid: uid(rnd, "outlook"),
      summary: "Dentist — check-up",
      location: "Harbourside Dental Practice, Unit 4, Harbourside, Bristol BS1 5DB",
      start: at(y, mo, d, h, 0),
      end: at(y, mo, d, h, 30),
      organizer: partyOf("helen-ward"),
      attendees: [{ ...me, partstat: "ACCEPTED" }],
      alarmMinutes: 24 * 60,
      created: utcDate(y, mo, Math.max(1, d - 20)),
    });
  }
  singles.push(
    { uid: uid(rnd, "outlook"), summary: "GP appointment", location: "Cotham Hill Surgery", start: at(2017, 11, 3, 8, 40), end: at(2017, 11, 3, 8, 50), privacy: "PRIVATE", alarmMinutes: 60, created: utcDate(2017, 10, 30) },
    { uid: uid(rnd, "outlook"), summary: "Massive Attack at the Downs", location: "Clifton Downs, Bristol", start: at(2018, 8, 18, 18, 0), end: at(2018, 8, 18, 23, 0), attendees: [attendee("lea-haddad"), attendee("grace-oneill", "TENTATIVE")], categories: ["Music"], created: utcDate(2018, 3, 2) },
    { uid: uid(rnd, "google"), summary: "Moving day 📦", allDay: true, start: day(2019, 6, 15), end: day(2019, 6, 16), description: "Redland → Cotham Vale. Van at 8 am.", created: utcDate(2019, 5, 1) },
    { uid: uid(rnd, "outlook"), summary: "Theatre: Hamlet", location: "Bristol Old Vic", start: at(2020, 3, 28, 19, 30), end: at(2020, 3, 28, 22, 15), status: "CANCELLED", description: "Cancelled by the theatre; tickets refunded.", created: utcDate(2020, 1, 10), modified: utcDate(2020, 3, 17) },
    { uid: uid(rnd, "guid"), summary: "Call with José", description: "Scheduled in UTC: he is never sure which summer time we are on.", start: at(2021, 3, 3, 18, 0, "UTC"), end: at(2021, 3, 3, 19, 0, "UTC"), attendees: [attendee("jose-alvarez")], created: utcDate(2021, 2, 25) },
    { uid: uid(rnd, "outlook"), summary: "Bristol Half Marathon", location: "Anchor Road, Bristol", start: at(2022, 9, 18, 9, 0), end: at(2022, 9, 18, 11, 30), alarmMinutes: 120, categories: ["Sport"], created: utcDate(2022, 4, 2) },
    { uid: uid(rnd, "outlook"), summary: "Holiday in Lisbon 🇵🇹", allDay: true, start: day(2023, 6, 10), end: day(2023, 6, 17), location: "Lisboa, Portugal", created: utcDate(2023, 2, 11) },
    { uid: uid(rnd, "outlook"), summary: "Flight TS 1342 Bristol → Lisbon", location: "Bristol Airport (BRS)", start: at(2023, 6, 10, 7, 5), end: at(2023, 6, 10, 9, 45, "Europe/Lisbon"), alarmMinutes: 180, created: utcDate(2023, 2, 11) },
    { uid: uid(rnd, "outlook"), summary: "Flight TS 1343 Lisbon → Bristol", location: "Lisbon Airport (LIS)", start: at(2023, 6, 16, 18, 30, "Europe/Lisbon"), end: at(2023, 6, 16, 21, 10), alarmMinutes: 180, created: utcDate(2023, 2, 11) },
    { uid: uid(rnd, "google"), summary: "Jantar com o Mateus", location: "Tasca do Chico, Lisboa", start: at(2023, 6, 12, 20, 0, "Europe/Lisbon"), end: at(2023, 6, 12, 23, 0, "Europe/Lisbon"), attendees: [attendee("mateus-silva"), attendee("lea-haddad")], created: utcDate(2023, 6, 1) },
    { uid: uid(rnd, "outlook"), summary: "Tokyo trip", allDay: true, start: day(2019, 10, 20), end: day(2019, 11, 2), created: utcDate(2019, 5, 20) },
    { uid: uid(rnd, "outlook"), summary: "夕食: 愛子さんと", location: "銀座, 東京", start: at(2019, 10, 24, 19, 0, "Asia/Tokyo"), end: at(2019, 10, 24, 21, 30, "Asia/Tokyo"), attendees: [attendee("aiko-tanaka")], created: utcDate(2019, 10, 1) },
    { uid: uid(rnd, "outlook"), summary: "Conference: Strata Data New York", location: "Javits Center, New York", start: at(2017, 9, 26, 9, 0, "America/New_York"), end: at(2017, 9, 26, 17, 30, "America/New_York"), created: utcDate(2017, 6, 14) },
    { uid: uid(rnd, "outlook"), summary: "MOT — Northwind Garage", location: "Northwind Garage, Feeder Road, Bristol", start: at(2024, 4, 9, 8, 30), end: at(2024, 4, 9, 10, 0), organizer: partyOf("northwind-garage"), attendees: [{ ...me, partstat: "ACCEPTED" }], alarmMinutes: 24 * 60, created: utcDate(2024, 3, 20) },
    { uid: uid(rnd, "outlook"), summary: "Boiler service", location: "Home", start: at(2025, 10, 14, 8, 0), end: at(2025, 10, 14, 10, 0), organizer: partyOf("oliver-bennett"), attendees: [{ ...me, partstat: "ACCEPTED" }], created: utcDate(2025, 9, 22) },
    { uid: uid(rnd, "guid"), summary: "Café mit Zoë ☕", location: "Bristol Book Café, 102 Gloucester Road", start: at(2025, 11, 22, 11, 0), end: at(2025, 11, 22, 12, 0), attendees: [attendee("zoe-muller")], created: utcDate(2025, 11, 15) },
  );
  const bookClub: EventSpec = {
    uid: uid(rnd, "google"),
    summary: "Bücherclub",
    location: "Bristol Book Café, 102 Gloucester Road, Bristol",
    description: "Deutschsprachiger Lesekreis — jeden ersten Mittwoch im Monat. Wer bringt Kuchen mit?",
    start: at(2016, 2, 3, 19, 30),
    end: at(2016, 2, 3, 21, 30),
    rrule: "FREQ=MONTHLY;BYDAY=1WE",
    exdates: [at(2020, 4, 1, 19, 30), at(2020, 5, 6, 19, 30)],
    overrides: [
      { recurrenceId: at(2018, 12, 5, 19, 30), start: at(2018, 12, 6, 19, 30), end: at(2018, 12, 6, 22, 0), summary: "Bücherclub — Weihnachtsfeier 🎄" },
      { recurrenceId: at(2021, 2, 3, 19, 30), start: at(2021, 2, 3, 19, 30), end: at(2021, 2, 3, 21, 0), location: "Online (Jitsi)" },
    ],
    organizer: partyOf("zoe-muller"),
    attendees: [{ ...me, partstat: "ACCEPTED" }, attendee("hannah-schmidt"), attendee("elif-yilmaz", "TENTATIVE"), attendee("lukas-bauer", "DECLINED", "OPT-PARTICIPANT"), attendee("marta-nowak", "NEEDS-ACTION", "OPT-PARTICIPANT")],
    alarmMinutes: 120,
    categories: ["Books"],
    created: utcDate(2016, 1, 20),
    modified: utcDate(2021, 1, 28),
  };

  const birthday = (id: string, label: string, start: When, rrule = "FREQ=YEARLY", created = utcDate(2014, 1, 5)): EventSpec => ({
    uid: `birthday-${id}@lifeboat.demo`,
    summary: label,
    allDay: true,
    start,
    end: nextDay(start),
    rrule,
    alarmMinutes: 24 * 60,
    categories: ["Birthday"],
    transparent: true,
    created,
  });
  const family: EventSpec[] = [
    birthday("lea-haddad", "🎂 Léa's birthday", day(2014, 7, 9)),
    birthday("samira-haddad", "Mum's birthday", day(2014, 11, 23)),
    birthday("karim-haddad", "Dad's birthday", day(2014, 2, 2)),
    birthday("nadia-fletcher", "Nadia's birthday", day(2014, 5, 30)),
    birthday("sami-fletcher", "Sami's birthday 🦕", day(2016, 9, 12), "FREQ=YEARLY", utcDate(2016, 9, 13)),
    // Born on 29 February: the series is "the last day of February" so it happens every year.
    birthday("grace-oneill", "Grace's birthday (29 Feb!)", day(2016, 2, 29), "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"),
    { uid: "anniversary@lifeboat.demo", summary: "Wedding anniversary 💍", allDay: true, start: day(2018, 8, 25), end: day(2018, 8, 26), rrule: "FREQ=YEARLY", alarmMinutes: 7 * 24 * 60, transparent: true, created: utcDate(2018, 8, 26) },
    {
      uid: uid(rnd, "outlook"),
      summary: "Family dinner",
      location: "Mum & Dad's, 4 Ashley Down Road",
      start: at(2017, 1, 29, 13, 0),
      end: at(2017, 1, 29, 16, 0),
      rrule: "FREQ=MONTHLY;BYDAY=-1SU",
      exdates: [at(2020, 3, 29, 13, 0), at(2021, 1, 31, 13, 0)],
      overrides: [
        { recurrenceId: at(2020, 4, 26, 13, 0), start: at(2020, 4, 26, 13, 0), end: at(2020, 4, 26, 14, 0), summary: "Family dinner (video call)", location: "Video call" },
        { recurrenceId: at(2023, 12, 31, 13, 0), start: at(2023, 12, 30, 18, 0), end: at(2023, 12, 30, 22, 0), summary: "Family dinner — New Year's Eve eve" },
      ],
      organizer: partyOf("samira-haddad"),
      attendees: [{ ...me, partstat: "ACCEPTED" }, attendee("lea-haddad"), attendee("karim-haddad"), attendee("nadia-fletcher", "TENTATIVE"), attendee("tom-fletcher", "TENTATIVE")],
      alarmMinutes: 180,
      created: utcDate(2017, 1, 15),
      modified: utcDate(2023, 12, 20),
    },
    {
      uid: uid(rnd, "guid"),
      summary: "Swimming lessons (Sami)",
      location: "Bath Sports Centre",
      start: at(2022, 9, 10, 9, 0),
      end: at(2022, 9, 10, 9, 45),
      rrule: "FREQ=WEEKLY;BYDAY=SA;UNTIL=20230715T235959Z",
      exdates: [at(2022, 12, 24, 9, 0), at(2022, 12, 31, 9, 0)],
      organizer: partyOf("nadia-fletcher"),
      created: utcDate(2022, 9, 1),
    },
    { uid: uid(rnd, "outlook"), summary: "Christmas at Mum & Dad's 🎄", allDay: true, start: day(2024, 12, 24), end: day(2024, 12, 27), location: "4 Ashley Down Road, Bristol", created: utcDate(2024, 11, 2) },
    { uid: uid(rnd, "outlook"), summary: "Lyon — Pâques chez les Moreau", allDay: true, start: day(2022, 4, 14), end: day(2022, 4, 19), location: "Lyon, France", created: utcDate(2022, 2, 2) },
    { uid: uid(rnd, "outlook"), summary: "Dîner chez Jean-Luc et Brigitte", location: "12 rue de la République, Lyon", start: at(2022, 4, 15, 19, 30, "Europe/Paris"), end: at(2022, 4, 15, 23, 0, "Europe/Paris"), organizer: partyOf("brigitte-moreau"), attendees: [{ ...me, partstat: "ACCEPTED" }, attendee("lea-haddad"), attendee("jean-luc-moreau")], created: utcDate(2022, 3, 30) },
  ];
  const bankHolidays: Array<[number, number, string]> = [
    [1, 1, "New Year's Day"], [4, 18, "Good Friday"], [4, 21, "Easter Monday"], [5, 5, "Early May bank holiday"],
    [5, 26, "Spring bank holiday"], [8, 25, "Summer bank holiday"], [12, 25, "Christmas Day"], [12, 26, "Boxing Day"],
  ];
  const holidays = bankHolidays.map(([mo, d, name]): EventSpec => ({
    uid: `uk-bank-holiday-2025-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}@lifeboat.demo`,
    summary: name,
    allDay: true,
    start: day(2025, mo, d),
    end: nextDay(day(2025, mo, d)),
    categories: ["Holiday"],
    transparent: true,
    created: utcDate(2024, 12, 1),
  }));
  return { calendar: [running, physio, cleaning, rent, bookClub, ...singles], family, holidays };
}

function workEvents(rnd: DemoRandom, me: Party): EventSpec[] {
  const colleague = (id: string, partstat: Attendee["partstat"] = "ACCEPTED"): Attendee => attendee(id, partstat);
  const team = ["adele-vance", "isaiah-langer", "johanna-lorenz"].map((id) => colleague(id));
  const teams = "Microsoft Teams Meeting";
  return [
    {
      uid: uid(rnd, "outlook"),
      summary: "Daily stand-up",
      location: teams,
      description: "15 minutes. Yesterday, today, blockers.",
      start: at(2021, 9, 6, 9, 30),
      end: at(2021, 9, 6, 9, 45),
      rrule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
      exdates: [at(2023, 12, 25, 9, 30), at(2023, 12, 26, 9, 30), at(2024, 12, 25, 9, 30)],
      overrides: [{ recurrenceId: at(2024, 3, 8, 9, 30), start: at(2024, 3, 8, 10, 0), end: at(2024, 3, 8, 10, 15) }],
      organizer: partyOf("megan-bowen"),
      attendees: [{ ...me, partstat: "ACCEPTED" }, ...team],
      alarmMinutes: 5,
      created: utcDate(2021, 9, 1),
      modified: utcDate(2024, 3, 7),
    },
    {
      uid: uid(rnd, "outlook"),
      summary: "1:1 Malik / Megan",
      location: teams,
      start: at(2021, 9, 9, 14, 0),
      end: at(2021, 9, 9, 14, 30),
      rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
      organizer: partyOf("megan-bowen"),
      attendees: [{ ...me, partstat: "ACCEPTED" }],
      alarmMinutes: 10,
      privacy: "PRIVATE",
      created: utcDate(2021, 9, 2),
    },
    {
      uid: uid(rnd, "outlook"),
      summary: "Contoso all hands",
      location: teams,
      description: "Company update from Patti. Questions in advance via the Q&A form.",
      start: at(2021, 10, 12, 11, 0, "America/New_York"),
      end: at(2021, 10, 12, 12, 0, "America/New_York"),
      rrule: "FREQ=MONTHLY;BYDAY=2TU",
      exdates: [at(2024, 11, 12, 11, 0, "America/New_York")],
      organizer: partyOf("patti-fernandez"),
      attendees: [{ ...me, partstat: "ACCEPTED" }, colleague("lee-gu"), colleague("nestor-wilke", "TENTATIVE")],
      alarmMinutes: 15,
      created: utcDate(2021, 9, 20),
    },
    {
      uid: uid(rnd, "outlook"),
      summary: "Project Aurora — sprint review",
      location: "London office, room 3.14 / Teams",
      start: at(2022, 1, 14, 15, 0),
      end: at(2022, 1, 14, 16, 0),
      rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;COUNT=60",
      overrides: [{ recurrenceId: at(2022, 12, 16, 15, 0), start: at(2022, 12, 16, 11, 0), end: at(2022, 12, 16, 12, 0), summary: "Sprint review + mince pies" }],
      organizer: { name: OWNER.display, email: me.email },
      attendees: [...team, colleague("diego-siciliani", "TENTATIVE"), colleague("megan-bowen")],
      alarmMinutes: 15,
      created: utcDate(2022, 1, 5),
    },
    { uid: uid(rnd, "outlook"), summary: "Security awareness training (mandatory)", location: teams, start: at(2024, 2, 20, 13, 0), end: at(2024, 2, 20, 14, 30), organizer: partyOf("nestor-wilke"), attendees: [{ ...me, partstat: "ACCEPTED" }], created: utcDate(2024, 1, 30) },
    { uid: uid(rnd, "outlook"), summary: "Contoso engineering offsite — Seattle", allDay: true, start: day(2024, 5, 20), end: day(2024, 5, 25), location: "Seattle, WA", created: utcDate(2024, 2, 15) },
    { uid: uid(rnd, "outlook"), summary: "Flight LHR → SEA", location: "London Heathrow (LHR) T2", start: at(2024, 5, 19, 11, 35), end: at(2024, 5, 19, 13, 50, "America/Los_Angeles"), alarmMinutes: 240, created: utcDate(2024, 3, 1) },
    { uid: uid(rnd, "outlook"), summary: "Quarterly planning with the Munich team", location: "Contoso München, Raum Isar", start: at(2025, 1, 15, 10, 0, "Europe/Berlin"), end: at(2025, 1, 15, 16, 0, "Europe/Berlin"), organizer: partyOf("johanna-lorenz"), attendees: [{ ...me, partstat: "ACCEPTED" }, colleague("megan-bowen")], created: utcDate(2024, 12, 10) },
    { uid: uid(rnd, "outlook"), summary: "Farewell drinks for Isaiah 🍻", location: "The Old Bank, London", start: at(2025, 6, 27, 17, 30), end: at(2025, 6, 27, 20, 0), status: "TENTATIVE", organizer: partyOf("adele-vance"), attendees: [{ ...me, partstat: "TENTATIVE" }, ...COLLEAGUES.slice(3, 6).map((c) => colleague(c.id, "NEEDS-ACTION"))], created: utcDate(2025, 6, 10) },
  ];
}

function files(calendar: string, groups: ReadonlyArray<{ name?: string; events: EventSpec[] }>): CalendarFile[] {
  const used = new Set<string>();
  return groups.map((g) => {
    const base = g.name ?? slug(g.events[0]!.summary, 40, "event");
    let name = `${base}.ics`;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}.ics`;
    used.add(name);
    const modified = new Date(Math.max(...g.events.map((e) => (e.modified ?? e.created).getTime())));
    return {
      calendar,
      name,
      ics: buildCalendar(g.events, g.name ? "PUBLISH" : undefined),
      components: g.events.reduce((n, e) => n + 1 + (e.overrides?.length ?? 0), 0),
      series: g.events.filter((e) => e.rrule).length,
      overrides: g.events.reduce((n, e) => n + (e.overrides?.length ?? 0), 0),
      exdates: g.events.reduce((n, e) => n + (e.exdates?.length ?? 0), 0),
      modified,
    };
  });
}

/** The personal account's calendars: "Calendar" (one file per event, plus a bank-holiday file) and "Family". */
export function personalCalendars(rnd: DemoRandom): CalendarFile[] {
  const me: Party = { name: OWNER.display, email: OWNER.personalAddress };
  const { calendar, family, holidays } = personalEvents(rnd, me);
  return [
    ...files("Calendar", [...calendar.map((e) => ({ events: [e] })), { name: "uk-bank-holidays-2025", events: holidays }]),
    ...files("Family", family.map((e) => ({ events: [e] }))),
  ];
}

export function workCalendars(rnd: DemoRandom): CalendarFile[] {
  const me: Party = { name: OWNER.display, email: OWNER.workAddress };
  return files("Calendar", workEvents(rnd, me).map((e) => ({ events: [e] })));
}

/** A meeting request (METHOD:REQUEST) as mail clients attach it, for invitations in the mailbox. */
export function invitation(spec: EventSpec): string {
  return buildCalendar([spec], "REQUEST");
}
