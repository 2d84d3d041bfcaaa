// Who is in the demo account: its owner, family, friends abroad, a German-language book club,
// tradespeople, companies that send receipts and newsletters, and work colleagues. Written by hand
// (not generated) so that the account reads like one person's life, with the names and scripts a
// real address book has: accents, ß, ı, Cyrillic, Japanese, an apostrophe, a person with no email.
// Addresses use reserved domains (*.example, example.com/.net/.org) and phone numbers from Ofcom's
// and NANP's ranges for drama, so nothing here reaches a real person.

export type Circle = "family" | "friend" | "bookclub" | "service" | "colleague" | "company";
export type Lang = "en" | "de" | "fr" | "es" | "ja" | "ru" | "da" | "pt" | "tr" | "pl";

export interface PostalAddress {
  street: string;
  city: string;
  region?: string;
  postcode: string;
  country: string;
}

export interface Person {
  /** Stable key (ASCII), used for file names and UIDs. */
  id: string;
  given: string;
  family: string;
  /** Display name (FN, the mail From name). */
  display: string;
  /** First address; the one mail comes from. Empty for people with no email. */
  email: string;
  otherEmails?: Array<{ address: string; type: "home" | "work" | "other" }>;
  phones?: Array<{ number: string; type: "cell" | "home" | "work" }>;
  address?: PostalAddress;
  workAddress?: PostalAddress;
  org?: string;
  title?: string;
  /** YYYY-MM-DD, or --MM-DD when the year is unknown. */
  birthday?: string;
  nickname?: string;
  note?: string;
  url?: string;
  circle: Circle;
  lang: Lang;
  /** IANA zone the person writes from (Date headers, invitations). */
  tz: string;
  /** Contact photo format, if the card has one. */
  photo?: "png" | "jpeg";
  /** vCard version of the person's card. */
  vcard?: "3.0" | "4.0";
  /** Address book (contact folder) the card is in; "Contacts" when not given. */
  book?: string;
}

const BRISTOL = (street: string, postcode: string): PostalAddress => ({ street, city: "Bristol", postcode, country: "United Kingdom" });

export interface Owner {
  given: string;
  family: string;
  display: string;
  personalAddress: string;
  workAddress: string;
  /** Where the owner lives (home address on cards and invitations). */
  home: PostalAddress;
  tz: string;
  birthday: string;
  mobile: string;
}

export const OWNER: Owner = {
  given: "Malik",
  family: "Haddad",
  display: "Malik Haddad",
  personalAddress: "malik.haddad@outlook.com",
  workAddress: "malik.haddad@contoso.com",
  home: BRISTOL("27 Cotham Vale", "BS6 6HS"),
  tz: "Europe/London",
  birthday: "1986-03-14",
  mobile: "+44 7700 900417",
};

export const PEOPLE: readonly Person[] = [
  // Family.
  { id: "lea-haddad", given: "Léa", family: "Haddad", display: "Léa Haddad", email: "lea.haddad@example.com", otherEmails: [{ address: "l.moreau@fabrikam.example", type: "work" }], phones: [{ number: "+44 7700 900218", type: "cell" }, { number: "+44 117 496 0381", type: "home" }], address: OWNER.home, workAddress: BRISTOL("Fabrikam Design, 5 Temple Way", "BS2 0BY"), org: "Fabrikam Design", title: "Architect", birthday: "1988-07-09", nickname: "Lé", circle: "family", lang: "fr", tz: "Europe/London", photo: "jpeg", vcard: "3.0" },
  { id: "samira-haddad", given: "Samira", family: "Haddad", display: "Samira Haddad", email: "samira.haddad@example.net", phones: [{ number: "+44 7700 900552", type: "cell" }, { number: "+44 117 496 0744", type: "home" }], address: BRISTOL("4 Ashley Down Road", "BS7 9JN"), birthday: "1958-11-23", nickname: "Mum", circle: "family", lang: "en", tz: "Europe/London", photo: "png", vcard: "3.0" },
  { id: "karim-haddad", given: "Karim", family: "Haddad", display: "Karim Haddad", email: "karim.h@example.net", phones: [{ number: "+44 7700 900553", type: "cell" }, { number: "+44 117 496 0744", type: "home" }], address: BRISTOL("4 Ashley Down Road", "BS7 9JN"), birthday: "1955-02-02", nickname: "Dad", circle: "family", lang: "en", tz: "Europe/London", vcard: "3.0" },
  { id: "nadia-fletcher", given: "Nadia", family: "Fletcher", display: "Nadia Fletcher", email: "nadia.haddad@example.org", phones: [{ number: "+44 7700 900671", type: "cell" }], address: { street: "18 Marlborough Buildings", city: "Bath", postcode: "BA1 2LY", country: "United Kingdom" }, birthday: "1990-05-30", circle: "family", lang: "en", tz: "Europe/London", photo: "jpeg", vcard: "4.0" },
  { id: "tom-fletcher", given: "Tom", family: "Fletcher", display: "Tom Fletcher", email: "tom.fletcher@example.org", phones: [{ number: "+44 7700 900672", type: "cell" }], address: { street: "18 Marlborough Buildings", city: "Bath", postcode: "BA1 2LY", country: "United Kingdom" }, birthday: "1987-12-01", circle: "family", lang: "en", tz: "Europe/London", vcard: "3.0" },
  { id: "sami-fletcher", given: "Sami", family: "Fletcher", display: "Sami Fletcher", email: "", birthday: "2016-09-12", note: "Nadia and Tom's son. Loves dinosaurs and trains.", circle: "family", lang: "en", tz: "Europe/London", vcard: "4.0" },
  { id: "jean-luc-moreau", given: "Jean-Luc", family: "Moreau", display: "Jean-Luc Moreau", email: "moreau.famille@example.org", phones: [{ number: "+33 4 72 00 00 15", type: "home" }], address: { street: "12 rue de la République", city: "Lyon", postcode: "69002", country: "France" }, birthday: "1959-04-17", circle: "family", lang: "fr", tz: "Europe/Paris", vcard: "3.0" },
  { id: "brigitte-moreau", given: "Brigitte", family: "Moreau", display: "Brigitte Moreau", email: "brigitte.moreau@example.org", phones: [{ number: "+33 6 00 00 00 42", type: "cell" }], address: { street: "12 rue de la République", city: "Lyon", postcode: "69002", country: "France" }, birthday: "1961-10-03", circle: "family", lang: "fr", tz: "Europe/Paris", photo: "png", vcard: "4.0" },
  // Friends, near and far.
  { id: "zoe-muller", given: "Zoë", family: "Müller", display: "Zoë Müller", email: "zoe.mueller@example.org", phones: [{ number: "+44 7700 900934", type: "cell" }], address: BRISTOL("9 Gloucester Road", "BS7 8AA"), org: "Bristol Book Café", title: "Events", birthday: "1989-01-21", circle: "friend", lang: "de", tz: "Europe/London", photo: "jpeg", vcard: "4.0", note: "Runs the German book club (Bücherclub) on the first Wednesday of the month." },
  { id: "jose-alvarez", given: "José", family: "Álvarez", display: "José Álvarez", email: "jose.alvarez@example.com", phones: [{ number: "+34 600 000 118", type: "cell" }], address: { street: "Calle de Atocha 34", city: "Madrid", postcode: "28012", country: "Spain" }, birthday: "1985-08-15", circle: "friend", lang: "es", tz: "Europe/Madrid", vcard: "3.0" },
  { id: "aiko-tanaka", given: "愛子", family: "田中", display: "田中 愛子", email: "aiko.tanaka@example.com", phones: [{ number: "+81 3-0000-0042", type: "work" }], address: { street: "千代田区丸の内1-1", city: "東京都", postcode: "100-0005", country: "Japan" }, birthday: "--10-28", nickname: "Aiko", circle: "friend", lang: "ja", tz: "Asia/Tokyo", photo: "png", vcard: "4.0" },
  { id: "soren-dahl", given: "Søren", family: "Dahl", display: "Søren Dahl", email: "soren.dahl@example.net", phones: [{ number: "+45 20 00 00 31", type: "cell" }], address: { street: "Nørrebrogade 52", city: "København", postcode: "2200", country: "Denmark" }, circle: "friend", lang: "da", tz: "Europe/Copenhagen", vcard: "3.0" },
  { id: "priya-raman", given: "Priya", family: "Raman", display: "Priya Raman", email: "priya.raman@example.com", otherEmails: [{ address: "priya@litware.example", type: "work" }], phones: [{ number: "+44 7700 900120", type: "cell" }, { number: "+44 20 7946 0018", type: "work" }], address: { street: "61 Chalton Street", city: "London", postcode: "NW1 1HY", country: "United Kingdom" }, workAddress: { street: "Litware Inc., 1 Canada Square", city: "London", postcode: "E14 5AB", country: "United Kingdom" }, org: "Litware Inc.", title: "Data scientist", birthday: "1986-06-02", circle: "friend", lang: "en", tz: "Europe/London", photo: "jpeg", vcard: "3.0" },
  { id: "tomas-o-briain", given: "Tomás", family: "Ó Briain", display: "Tomás Ó Briain", email: "tomas.obriain@example.net", phones: [{ number: "+353 85 000 0077", type: "cell" }], address: { street: "14 Capel Street", city: "Dublin", postcode: "D01 X2Y3", country: "Ireland" }, birthday: "1984-03-17", circle: "friend", lang: "en", tz: "Europe/Dublin", vcard: "3.0" },
  { id: "olga-petrova", given: "Ольга", family: "Петрова", display: "Ольга Петрова", email: "olga.petrova@example.com", phones: [{ number: "+7 900 000-00-51", type: "cell" }], address: { street: "ул. Тверская, 7", city: "Москва", postcode: "125009", country: "Russia" }, birthday: "1987-02-11", nickname: "Olga", circle: "friend", lang: "ru", tz: "Europe/Moscow", vcard: "4.0" },
  { id: "grace-oneill", given: "Grace", family: "O'Neill", display: "Grace O'Neill", email: "grace.oneill@example.com", phones: [{ number: "+44 7700 900287", type: "cell" }], address: BRISTOL("3 Clifton Down", "BS8 3HT"), birthday: "1992-02-29", note: "Leap-day birthday: celebrates on 28 February in other years.", circle: "friend", lang: "en", tz: "Europe/London", photo: "png", vcard: "3.0" },
  { id: "ben-carter", given: "Ben", family: "Carter", display: "Ben Carter", email: "ben.carter@example.org", phones: [{ number: "+44 7700 900345", type: "cell" }], circle: "friend", lang: "en", tz: "Europe/London", note: "Running club (Tuesdays and Thursdays).", vcard: "3.0" },
  { id: "kwame-mensah", given: "Kwame", family: "Mensah", display: "Kwame Mensah", email: "kwame.mensah@example.com", phones: [{ number: "+44 7700 900346", type: "cell" }], circle: "friend", lang: "en", tz: "Europe/London", photo: "jpeg", vcard: "4.0" },
  { id: "ravi-patel", given: "Ravi", family: "Patel", display: "Ravi Patel", email: "ravi.patel@example.net", phones: [{ number: "+1 206 555 0143", type: "cell" }], address: { street: "1520 Pike Place", city: "Seattle", region: "WA", postcode: "98101", country: "United States" }, org: "Tailspin Toys", title: "Engineering manager", birthday: "1985-09-09", circle: "friend", lang: "en", tz: "America/Los_Angeles", vcard: "3.0" },
  { id: "emma-wilson", given: "Emma", family: "Wilson", display: "Emma Wilson", email: "emma.wilson@example.org", phones: [{ number: "+44 117 496 0592", type: "home" }], address: BRISTOL("29 Cotham Vale", "BS6 6HS"), note: "Next-door neighbour; has a spare key.", circle: "friend", lang: "en", tz: "Europe/London", vcard: "3.0" },
  { id: "mateus-silva", given: "Mateus", family: "Silva", display: "Mateus Silva", email: "mateus.silva@example.com", phones: [{ number: "+351 910 000 064", type: "cell" }], address: { street: "Rua Augusta 120", city: "Lisboa", postcode: "1100-048", country: "Portugal" }, circle: "friend", lang: "pt", tz: "Europe/Lisbon", photo: "jpeg", vcard: "3.0" },
  { id: "ewa-kowalska", given: "Ewa", family: "Kowalska", display: "Ewa Kowalska", email: "ewa.kowalska@example.net", phones: [{ number: "+48 500 000 019", type: "cell" }], address: { street: "ul. Floriańska 15", city: "Kraków", postcode: "31-019", country: "Poland" }, org: "Proseware", title: "Product owner", circle: "friend", lang: "pl", tz: "Europe/Warsaw", vcard: "4.0" },
  { id: "amelie-dubois", given: "Amélie", family: "Dubois", display: "Amélie Dubois", email: "amelie.dubois@example.com", phones: [{ number: "+33 6 00 00 00 77", type: "cell" }], address: { street: "8 boulevard Voltaire", city: "Paris", postcode: "75011", country: "France" }, birthday: "1988-12-24", circle: "friend", lang: "fr", tz: "Europe/Paris", vcard: "3.0" },
  { id: "chen-wei", given: "伟", family: "陈", display: "陈伟 (Chen Wei)", email: "chen.wei@example.net", phones: [{ number: "+86 10 0000 0088", type: "work" }], org: "Wide World Importers", title: "Buyer", circle: "friend", lang: "en", tz: "Asia/Shanghai", vcard: "4.0" },
  // Services and people one pays.
  { id: "helen-ward", given: "Helen", family: "Ward", display: "Dr Helen Ward", email: "reception@harbourside-dental.example", phones: [{ number: "+44 117 496 0155", type: "work" }], workAddress: BRISTOL("Unit 4, Harbourside", "BS1 5DB"), org: "Harbourside Dental Practice", title: "Dentist", circle: "service", lang: "en", tz: "Europe/London", vcard: "3.0" },
  { id: "sarah-khan", given: "Sarah", family: "Khan", display: "Dr Sarah Khan", email: "appointments@cothamsurgery.example", phones: [{ number: "+44 117 496 0299", type: "work" }], workAddress: BRISTOL("Cotham Hill Surgery, 21 Cotham Hill", "BS6 6JY"), org: "Cotham Hill Surgery", title: "GP", circle: "service", lang: "en", tz: "Europe/London", vcard: "4.0" },
  { id: "oliver-bennett", given: "Oliver", family: "Bennett", display: "Oliver Bennett", email: "oliver@bennett-plumbing.example", phones: [{ number: "+44 7700 900811", type: "work" }], org: "Bennett Plumbing & Heating", title: "Plumber", note: "Boiler service every October.", circle: "service", lang: "en", tz: "Europe/London", vcard: "3.0" },
  { id: "ian-matthews", given: "Ian", family: "Matthews", display: "Ian Matthews", email: "ian.matthews@example.com", phones: [{ number: "+44 7700 900902", type: "cell" }], note: "Landlord until 2019 (Redland flat).", circle: "service", lang: "en", tz: "Europe/London", vcard: "3.0" },
  { id: "jane-proseware", given: "Jane", family: "Doyle", display: "Jane Doyle", email: "jane.doyle@proseware.example", phones: [{ number: "+44 117 496 0470", type: "work" }], workAddress: BRISTOL("Proseware Accounting, 1 Victoria Street", "BS1 6AA"), org: "Proseware Accounting", title: "Chartered accountant", circle: "service", lang: "en", tz: "Europe/London", vcard: "3.0" },
  { id: "northwind-garage", given: "", family: "", display: "Northwind Garage", email: "service@northwind-garage.example", phones: [{ number: "+44 117 496 0633", type: "work" }], workAddress: BRISTOL("Feeder Road", "BS2 0SB"), org: "Northwind Garage", note: "MOT due every April.", circle: "service", lang: "en", tz: "Europe/London", vcard: "4.0" },
  { id: "bristol-book-cafe", given: "", family: "", display: "Bristol Book Café", email: "hello@bristolbookcafe.example", phones: [{ number: "+44 117 496 0510", type: "work" }], workAddress: BRISTOL("102 Gloucester Road", "BS7 8BN"), org: "Bristol Book Café", url: "https://bristolbookcafe.example/", circle: "company", lang: "en", tz: "Europe/London", photo: "png", vcard: "4.0" },
  // Colleagues the owner also keeps in the personal address book.
  { id: "megan-bowen", given: "Megan", family: "Bowen", display: "Megan Bowen", email: "megan.bowen@contoso.com", otherEmails: [{ address: "megan.b@example.org", type: "home" }], phones: [{ number: "+44 7700 900733", type: "cell" }, { number: "+44 20 7946 0734", type: "work" }], org: "Contoso", title: "Engineering manager", birthday: "1983-04-04", circle: "colleague", lang: "en", tz: "Europe/London", photo: "jpeg", vcard: "3.0" },
  { id: "diego-siciliani", given: "Diego", family: "Siciliani", display: "Diego Siciliani", email: "diego.siciliani@contoso.com", phones: [{ number: "+1 425 555 0109", type: "work" }], org: "Contoso", title: "Product manager", circle: "colleague", lang: "en", tz: "America/Los_Angeles", vcard: "3.0" },
  { id: "adele-vance", given: "Adele", family: "Vance", display: "Adele Vance", email: "adele.vance@contoso.com", phones: [{ number: "+44 20 7946 0735", type: "work" }], org: "Contoso", title: "Designer", circle: "colleague", lang: "en", tz: "Europe/London", vcard: "4.0" },
  // The book club's own address book (one .vcf file with every card).
  { id: "hannah-schmidt", given: "Hannah", family: "Schmidt", display: "Hannah Schmidt", email: "hannah.schmidt@example.org", phones: [{ number: "+44 7700 900951", type: "cell" }], circle: "bookclub", lang: "de", tz: "Europe/London", vcard: "3.0", book: "Bücherclub" },
  { id: "friedrich-weiss", given: "Friedrich", family: "Weiß", display: "Friedrich Weiß", email: "f.weiss@example.net", phones: [{ number: "+49 30 000000 17", type: "cell" }], address: { street: "Kastanienallee 12", city: "Berlin", postcode: "10435", country: "Germany" }, circle: "bookclub", lang: "de", tz: "Europe/Berlin", vcard: "3.0", book: "Bücherclub" },
  { id: "elif-yilmaz", given: "Elif", family: "Yılmaz", display: "Elif Yılmaz", email: "elif.yilmaz@example.com", phones: [{ number: "+44 7700 900952", type: "cell" }], circle: "bookclub", lang: "tr", tz: "Europe/London", vcard: "3.0", book: "Bücherclub" },
  { id: "marta-nowak", given: "Marta", family: "Nowak", display: "Marta Nowak", email: "marta.nowak@example.org", circle: "bookclub", lang: "pl", tz: "Europe/London", vcard: "3.0", book: "Bücherclub" },
  { id: "lukas-bauer", given: "Lukas", family: "Bauer", display: "Lukas Bauer", email: "lukas.bauer@example.com", phones: [{ number: "+44 7700 900953", type: "cell" }], birthday: "1991-11-11", circle: "bookclub", lang: "de", tz: "Europe/London", vcard: "3.0", book: "Bücherclub" },
];

/** Companies that only ever send mail (receipts, newsletters, tickets, junk): no contact card. */
export const SENDERS = {
  outlookTeam: { name: "Outlook.com Team", address: "no-reply@outlook-team.example" },
  bookCafe: { name: "Bristol Book Café", address: "hello@bristolbookcafe.example" },
  photoClub: { name: "Litware Photo Club", address: "news@litwarephoto.example" },
  bank: { name: "Woodgrove Bank", address: "statements@woodgrovebank.example" },
  energy: { name: "Fabrikam Energy", address: "billing@fabrikam-energy.example" },
  shop: { name: "Wide World Importers", address: "orders@wideworldimporters.example" },
  bikes: { name: "Adventure Works Cycles", address: "shop@adventure-works.example" },
  airline: { name: "Tailspin Airlines", address: "bookings@tailspin-air.example" },
  hotel: { name: "Margie's Travel", address: "trips@margiestravel.example" },
  rail: { name: "Northwind Rail", address: "tickets@northwindrail.example" },
  library: { name: "Bristol Libraries", address: "library@bristol-libraries.example" },
  itSupport: { name: "Contoso IT", address: "it-support@contoso.com" },
  hr: { name: "Contoso People Team", address: "people@contoso.com" },
  teams: { name: "Microsoft Teams (demo)", address: "noreply@teams-notifications.example" },
} as const;

/** Work colleagues in the Contoso tenant (the names Microsoft's own sample tenants use). */
export const COLLEAGUES: readonly Person[] = [
  PEOPLE.find((p) => p.id === "megan-bowen")!,
  PEOPLE.find((p) => p.id === "diego-siciliani")!,
  PEOPLE.find((p) => p.id === "adele-vance")!,
  { id: "alex-wilber", given: "Alex", family: "Wilber", display: "Alex Wilber", email: "alex.wilber@contoso.com", phones: [{ number: "+1 425 555 0110", type: "work" }], org: "Contoso", title: "Marketing assistant", circle: "colleague", lang: "en", tz: "America/Los_Angeles", vcard: "3.0" },
  { id: "lee-gu", given: "Lee", family: "Gu", display: "Lee Gu", email: "lee.gu@contoso.com", phones: [{ number: "+1 425 555 0111", type: "work" }], org: "Contoso", title: "Director", circle: "colleague", lang: "en", tz: "America/Los_Angeles", vcard: "3.0" },
  { id: "johanna-lorenz", given: "Johanna", family: "Lorenz", display: "Johanna Lorenz", email: "johanna.lorenz@contoso.com", phones: [{ number: "+49 89 000000 21", type: "work" }], org: "Contoso", title: "Senior engineer", circle: "colleague", lang: "de", tz: "Europe/Berlin", photo: "png", vcard: "4.0" },
  { id: "nestor-wilke", given: "Nestor", family: "Wilke", display: "Nestor Wilke", email: "nestor.wilke@contoso.com", phones: [{ number: "+1 425 555 0112", type: "work" }], org: "Contoso", title: "IT director", circle: "colleague", lang: "en", tz: "America/New_York", vcard: "3.0" },
  { id: "patti-fernandez", given: "Patti", family: "Fernandez", display: "Patti Fernandez", email: "patti.fernandez@contoso.com", phones: [{ number: "+1 425 555 0113", type: "work" }], org: "Contoso", title: "President", circle: "colleague", lang: "en", tz: "America/New_York", vcard: "3.0" },
  { id: "isaiah-langer", given: "Isaiah", family: "Langer", display: "Isaiah Langer", email: "isaiah.langer@contoso.com", phones: [{ number: "+44 20 7946 0736", type: "work" }], org: "Contoso", title: "Engineer", circle: "colleague", lang: "en", tz: "Europe/London", vcard: "3.0" },
];

export function person(id: string): Person {
  const p = [...PEOPLE, ...COLLEAGUES].find((x) => x.id === id);
  if (!p) throw new Error(`no demo person ${id}`);
  return p;
}
