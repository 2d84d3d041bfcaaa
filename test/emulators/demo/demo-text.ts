// The words of the demo account's mail: topics of conversation with subjects, lines and replies,
// and greetings and sign-offs in the languages the owner's friends write in. Hand-written pools
// combined by the seeded generator, so the mailbox reads like correspondence rather than lorem
// ipsum, and carries the non-ASCII text (subjects, bodies, names) a backup has to keep intact.
import type { DemoRandom } from "./demo-random.js";
import type { Circle, Lang } from "./demo-people.js";

export type AttachmentHint = "photos" | "invite" | "recipe" | "itinerary" | "document" | "chart" | "screenshot" | "docx" | "csv" | "none";

export interface Topic {
  key: string;
  circles: readonly Circle[];
  /** A "xx:" prefix marks a subject only a writer of language xx uses. */
  subjects: readonly string[];
  lines: readonly string[];
  replies: readonly string[];
  attach: AttachmentHint;
}

export const TOPICS: readonly Topic[] = [
  {
    key: "dinner",
    circles: ["family", "friend"],
    subjects: ["Dinner on Friday?", "Sunday lunch", "Table booked for Saturday", "Curry night 🍛", "fr:Dîner samedi ?"],
    lines: [
      "Are you free on Friday evening? We thought we could try the new Lebanese place on Gloucester Road.",
      "I've booked a table for four at 7:30, I hope that still works for everyone.",
      "Bring nothing but yourselves — well, maybe a bottle of that Rioja you brought last time.",
      "Léa is making her tarte tatin, so save some room for dessert.",
      "If the weather holds we could eat in the garden.",
      "Let me know about any allergies; I'm planning a big mezze.",
    ],
    replies: ["Sounds perfect, count us in!", "Friday works. Shall we bring dessert?", "Sorry, we're away that weekend — next time?", "Yes please! What time?"],
    attach: "invite",
  },
  {
    key: "photos",
    circles: ["family", "friend"],
    subjects: ["Photos from the weekend", "Pictures from Sami's birthday", "A few holiday snaps", "de:Fotos vom Wochenende", "ja:写真を送ります"],
    lines: [
      "Here are a few photos from the weekend, the light on Saturday evening was unbelievable.",
      "I've attached the best ones; the rest are in the shared album.",
      "The one by the harbour is my favourite — could you print it for Mum?",
      "Sorry they're a bit blurry, the little one would not sit still.",
      "Sending the originals so you have them at full size.",
    ],
    replies: ["These are lovely, thank you!", "Can you send the one with the boats in full resolution?", "Framing the second one!", "Beautiful — what camera did you use?"],
    attach: "photos",
  },
  {
    key: "holiday",
    circles: ["family", "friend"],
    subjects: ["Lisbon in June", "Holiday plans", "Trip to Lyon", "Summer in Copenhagen?", "es:Vacaciones en agosto"],
    lines: [
      "We're thinking about a week in Lisbon in June — have you been? Any tips for where to stay?",
      "Flights look reasonable if we book this month.",
      "I've put together a rough itinerary, see attached.",
      "We could take the train from Paris and stop in Lyon on the way back.",
      "Mateus said he can show us around Alfama if we're there on the weekend.",
      "I'd love a day at the beach and at least one long lunch.",
    ],
    replies: ["Yes! Stay in Príncipe Real, it's lovely.", "Count me in for the Lyon leg.", "Looks great, I've added a couple of museums.", "Book it before the prices go up!"],
    attach: "itinerary",
  },
  {
    key: "recipe",
    circles: ["family", "friend"],
    subjects: ["Grandma's lentil soup", "That recipe you asked for", "fr:Recette : pâte brisée", "Recipe: pâte brisée", "Mum's baklava"],
    lines: [
      "Here's the recipe, written down at last. The secret is the cumin, toasted first.",
      "I've attached it as a text file so you can print it.",
      "Use red lentils, not green, or it takes forever.",
      "She always said: a pinch of sugar in the tomatoes, and patience.",
    ],
    replies: ["Made it last night, it was wonderful.", "Thank you! Is it 200 g or 250 g of lentils?", "Saving this forever."],
    attach: "recipe",
  },
  {
    key: "news",
    circles: ["family", "friend"],
    subjects: ["Catching up", "How are things?", "News from Bath", "Long time no see", "ru:Привет!", "es:¿Qué tal?"],
    lines: [
      "It's been far too long — how are you both?",
      "Work has been busy but good; we finally shipped the project I told you about.",
      "The garden is a jungle after all the rain.",
      "Sami has started swimming lessons and loves them.",
      "We've been thinking about getting a dog. Talk us out of it?",
      "I ran the half marathon in the end — slowly, but I finished!",
      "Are you coming back to Bristol at all this year?",
    ],
    replies: ["So good to hear from you!", "All well here, I'll call you on the weekend.", "Get the dog!", "We miss you — come and visit!"],
    attach: "none",
  },
  {
    key: "birthday",
    circles: ["family", "friend"],
    subjects: ["Birthday plans", "Party on Saturday 🎉", "Surprise for Mum's birthday", "fr:Joyeux anniversaire !"],
    lines: [
      "We're planning a little surprise for the birthday — can you keep a secret?",
      "I've sent an invitation for the party, let me know if you can make it.",
      "No presents please, just come!",
      "Any ideas for a gift? I'm completely stuck.",
    ],
    replies: ["Wouldn't miss it.", "My lips are sealed.", "How about a cooking class?", "We'll be there at 7."],
    attach: "invite",
  },
  {
    key: "books",
    // The German-language book club, and Zoë who runs it (see personal-mailbox.ts).
    circles: ["bookclub"],
    subjects: ["de:Nächstes Buch", "de:Bücherclub im März", "de:Leseliste für den Sommer", "Reading list", "Book for next month"],
    lines: [
      "Für das nächste Treffen schlage ich „Der Turm“ von Uwe Tellkamp vor — oder ist das zu lang?",
      "I've attached the reading list we talked about, with page counts.",
      "Können wir uns diesmal im Café treffen? Zoë hat den großen Tisch reserviert.",
      "I'm only halfway through, no spoilers please!",
      "Wer bringt Kuchen mit?",
    ],
    replies: ["Gute Idee!", "Ich bringe Apfelkuchen mit.", "Too long for one month — let's do it over the summer.", "Bin dabei."],
    attach: "recipe",
  },
  {
    key: "running",
    circles: ["friend"],
    subjects: ["Thursday run", "Half marathon sign-up", "Route for Sunday", "New running shoes"],
    lines: [
      "Same place on Thursday? The Downs loop, 6:30.",
      "Sign-ups for the half close on Friday; are we doing this?",
      "I've mapped a new route along the harbour, about 10 km.",
      "My knee is better, I'll try an easy pace.",
    ],
    replies: ["See you there.", "Signed up!", "Easy pace sounds good to me.", "Can't make it this week."],
    attach: "none",
  },
  {
    key: "house",
    circles: ["family", "service", "friend"],
    subjects: ["Moving day", "Boiler service", "Spare key", "Flat viewing", "Garden fence"],
    lines: [
      "The removal van is booked for 8 am; we'd be grateful for any help with the boxes.",
      "Could you come and look at the boiler? It's making that noise again.",
      "We're away next week — could you water the plants? The key is in the usual place.",
      "The fence panel blew down in the storm; happy to split the cost.",
      "I've attached the checklist so we don't forget anything.",
    ],
    replies: ["No problem at all.", "I can come on Tuesday morning.", "Of course — enjoy the trip!", "Happy to split it."],
    attach: "document",
  },
];

/** What colleagues at Contoso write about (the work account). */
export const WORK_TOPICS: readonly Topic[] = [
  {
    key: "aurora-api",
    circles: ["colleague"],
    subjects: ["Aurora API review", "Project Aurora: API v2 draft", "Aurora — pagination design"],
    lines: [
      "I've attached the current draft of the API spec; the pagination section is the one I'd like eyes on.",
      "We should decide between cursor tokens and page numbers before the sprint review.",
      "Johanna raised a good point about idempotency keys for the write endpoints.",
      "Can we timebox this to 30 minutes on Thursday?",
    ],
    replies: ["Cursor tokens, please — page numbers will bite us with deltas.", "Looks good to me, a few comments inline.", "Agree, let's timebox it.", "I'll update the spec today."],
    attach: "document",
  },
  {
    key: "aurora-perf",
    circles: ["colleague"],
    subjects: ["Search latency regression", "p95 is up again", "Perf numbers for release 3.2"],
    lines: [
      "p95 latency for search went from 180 ms to 410 ms after Tuesday's deploy; chart attached.",
      "It looks like the new ranking model is loaded per request instead of once.",
      "I've rolled back the feature flag in EU-West while we investigate.",
      "Numbers from the load test are in the attached CSV.",
    ],
    replies: ["Good catch — I'll take a look after stand-up.", "Confirmed, it's the model loading. Fix in review.", "Thanks for rolling back quickly."],
    attach: "chart",
  },
  {
    key: "release",
    circles: ["colleague"],
    subjects: ["Release 3.2 go/no-go", "Release notes for 3.1", "Hotfix 3.2.1"],
    lines: [
      "All blockers are closed except the migration script for Fabrikam's tenant.",
      "Release notes draft attached; please add anything I've missed.",
      "Go/no-go at 4 pm; please reply here if you can't make it.",
    ],
    replies: ["Go from QA.", "Migration script fixed and tested, go from me.", "Added two items to the notes."],
    attach: "docx",
  },
  {
    key: "design",
    circles: ["colleague"],
    subjects: ["Design review notes", "New onboarding flow mock-ups", "Settings page redesign"],
    lines: [
      "Here's a screenshot of the new settings page; feedback welcome before Friday.",
      "We simplified the first-run flow from five steps to three.",
      "Accessibility review is booked for next week.",
    ],
    replies: ["Much cleaner!", "Can we keep the advanced options one click away?", "Love it."],
    attach: "screenshot",
  },
  {
    key: "offsite",
    circles: ["colleague"],
    subjects: ["Offsite logistics", "Seattle offsite — travel", "Team dinner on Wednesday"],
    lines: [
      "Travel is booked through the portal; please use the team cost centre.",
      "Hotel is the one next to the office, breakfast included.",
      "Let me know dietary requirements for the team dinner by Friday.",
    ],
    replies: ["Booked, thanks!", "Vegetarian for me, please.", "Arriving Sunday evening."],
    attach: "none",
  },
  {
    key: "metrics",
    circles: ["colleague"],
    subjects: ["Q3 metrics", "Weekly usage numbers", "OKR check-in"],
    lines: [
      "Weekly active tenants are up 12 % quarter on quarter.",
      "The CSV has the raw numbers per region.",
      "Let's review the OKRs at the next 1:1.",
    ],
    replies: ["Great progress.", "Can you split EU and UK?", "Thanks, noted for the 1:1."],
    attach: "csv",
  },
];

const GREETINGS: Record<Lang, readonly string[]> = {
  en: ["Hi {name},", "Hello {name},", "Dear {name},", "Hey {name}!"],
  de: ["Hallo {name},", "Liebe Grüße, {name} —", "Hi {name},"],
  fr: ["Bonjour {name},", "Coucou {name} !", "Cher {name},"],
  es: ["¡Hola {name}!", "Querido {name}:"],
  ja: ["{name}さん、こんにちは。"],
  ru: ["Привет, {name}!", "Здравствуй, {name}!"],
  da: ["Hej {name},"],
  pt: ["Olá {name},"],
  tr: ["Merhaba {name},"],
  pl: ["Cześć {name},"],
};

const SIGNOFFS: Record<Lang, readonly string[]> = {
  en: ["Best,\n{name}", "Cheers,\n{name}", "Love,\n{name}", "Speak soon,\n{name}", "x {name}"],
  de: ["Liebe Grüße\n{name}", "Viele Grüße,\n{name}", "Bis bald!\n{name}"],
  fr: ["Bises,\n{name}", "À bientôt,\n{name}", "Je t'embrasse,\n{name}"],
  es: ["Un abrazo,\n{name}", "¡Hasta pronto!\n{name}"],
  ja: ["よろしくお願いします。\n{name}", "またね！\n{name}"],
  ru: ["Обнимаю,\n{name}", "До скорого!\n{name}"],
  da: ["Kærlig hilsen\n{name}"],
  pt: ["Abraço,\n{name}", "Beijinhos,\n{name}"],
  tr: ["Sevgiler,\n{name}"],
  pl: ["Pozdrawiam serdecznie,\n{name}"],
};

/** A line in the writer's own language, so non-English mail has non-English text, not just a greeting. */
const NATIVE_LINES: Partial<Record<Lang, readonly string[]>> = {
  de: ["Ich freue mich schon sehr darauf!", "Bei uns ist alles gut, nur das Wetter ist grässlich.", "Schöne Grüße an Léa!"],
  fr: ["J'ai hâte de vous voir !", "Ici tout va bien, il fait enfin beau à Lyon.", "Embrasse Léa pour moi."],
  es: ["¡Tengo muchas ganas de veros!", "Aquí todo bien, con mucho calor."],
  ja: ["お元気ですか？東京はもう桜が咲いています。", "また会えるのを楽しみにしています。"],
  ru: ["У нас всё хорошо, в Москве уже снег.", "Очень жду встречи!"],
  da: ["Vi glæder os til at se jer!"],
  pt: ["Lisboa está linda nesta altura do ano."],
  tr: ["Görüşmek üzere!"],
  pl: ["Do zobaczenia wkrótce!"],
};

function fill(template: string, name: string): string {
  return template.replace(/\{name\}/g, name);
}

/** A personal message body: greeting, a few lines of the topic, maybe a native line, sign-off. */
export function letter(rnd: DemoRandom, opts: { topic: Topic; toName: string; fromName: string; lang: Lang; reply: boolean }): string {
  const { topic, lang } = opts;
  const parts: string[] = [fill(rnd.pick(GREETINGS[lang]), opts.toName), ""];
  if (opts.reply) parts.push(rnd.pick(topic.replies));
  const count = opts.reply ? rnd.int(0, 2) : rnd.int(2, 4);
  parts.push(...rnd.sample(topic.lines, count));
  const native = NATIVE_LINES[lang];
  if (native && rnd.chance(0.7)) parts.push(rnd.pick(native));
  parts.push("", fill(rnd.pick(SIGNOFFS[lang]), opts.fromName));
  return parts.join("\n");
}

/** The quoted original under a reply, as mail clients write it. */
export function quoted(original: string, author: string, date: Date): string {
  const when = date.toUTCString().replace(/:\d\d GMT$/, " GMT");
  return `\n\nOn ${when}, ${author} wrote:\n` + original.split("\n").map((l) => (l ? `> ${l}` : ">")).join("\n");
}

/** Plain text to the HTML a webmail client sends alongside it. */
export function textToHtml(text: string, font = "Calibri, Arial, sans-serif"): string {
  const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const blocks = text.split("\n\n").map((b) => `<p>${b.split("\n").map(esc).join("<br>")}</p>`);
  return `<html><head><meta charset="utf-8"></head><body><div style="font-family: ${font}; font-size: 11pt">${blocks.join("\n")}</div></body></html>`;
}

/** An ASCII slug for file names: accents dropped, anything else to "-"; `fallback` when nothing is left (CJK, Cyrillic). */
export function slug(s: string, max = 48, fallback = "message"): string {
  const ascii = s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .replace(/ø/gi, "o")
    .replace(/ı/g, "i")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return ascii.slice(0, max).replace(/-+$/, "") || fallback;
}

/** A subject of the topic that a writer of `lang` would use (unmarked ones, or ones marked "lang:"). */
export function subjectFor(rnd: DemoRandom, topic: Topic, lang: Lang): string {
  const options = topic.subjects.filter((s) => !/^[a-z]{2}:/.test(s) || s.startsWith(`${lang}:`)).map((s) => s.replace(/^[a-z]{2}:/, ""));
  return rnd.pick(options);
}
