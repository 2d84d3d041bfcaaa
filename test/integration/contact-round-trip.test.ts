// Every contact fixture goes .vcf -> Graph contacts + photos (what Outlook would hold: the
// emulator's seed converter) -> vCard 4.0 (what Lifeboat archives: the engine's converter), and the
// result is read back with Debian's python3-vobject and compared with the same reading of the
// fixture: names, display name, nickname, company, department, job title, profession, birthday,
// notes, emails, phones, addresses, web page, IM addresses, categories, manager, assistant,
// spouse, phonetic names and photo bytes (contact-expectations.ts says how Outlook's slots are
// filled). What a card loses because Graph v1.0 cannot hold it must be listed for that fixture in
// contact-allowed-losses.ts with the reason; a loss not listed, or listed but gone, fails.
// MANIFEST.facts.json gives independent expectations: card counts, FN values, property counts.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { graphContactsToVcf } from "../../electron/engine/providers/microsoft/convert/graph-contact-to-vcard.js";
import { vcfToGraphContacts } from "../emulators/microsoft/seed/vcf-to-graph-contacts.js";
import { ALLOWED_CONTACT_LOSSES, CONTACT_LOSS_REASONS } from "../helpers/contact-allowed-losses.js";
import { comparableContact, contactLosses } from "../helpers/contact-expectations.js";
import { normaliseVcf } from "../helpers/pim-normalise.js";
import { FIXTURES_DIR } from "../helpers/fixtures-dir.js";

const FIXTURES = join(FIXTURES_DIR, "contacts");

interface CardFacts {
  cards: number;
  fn: string[][];
  props: Array<Record<string, number>>;
  decoded_as: string;
}

const facts = JSON.parse(readFileSync(join(FIXTURES, "MANIFEST.facts.json"), "utf8")) as Record<string, CardFacts>;
const tmp = mkdtempSync(join(tmpdir(), "lifeboat-vcf-rt-"));
process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));

/**
 * The ANSI code page a file without a declared charset was written in (MANIFEST "decoded_as"):
 * what a Windows with that system locale - and so its Outlook - reads 8-bit text as.
 */
function ansiOf(fact: CardFacts | undefined): { node?: string; python?: string } {
  const m = /^cp(\d+)\(known\)$/.exec(fact?.decoded_as ?? "");
  return m ? { node: `windows-${m[1]}`, python: `cp${m[1]}` } : {};
}

function reasonFor(code: string): string | undefined {
  if (CONTACT_LOSS_REASONS[code]) return CONTACT_LOSS_REASONS[code];
  const prefixes = Object.keys(CONTACT_LOSS_REASONS).filter((k) => /[:-]$/.test(k) && code.startsWith(k));
  return prefixes.sort((a, b) => b.length - a.length).map((k) => CONTACT_LOSS_REASONS[k])[0];
}

const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith(".vcf")).sort();

test("the allow-list names only existing fixtures and documented reasons", () => {
  for (const [file, codes] of Object.entries(ALLOWED_CONTACT_LOSSES)) {
    assert.ok(fixtures.includes(file), `allow-list entry for missing fixture ${file}`);
    for (const c of codes) assert.ok(reasonFor(c), `no reason documented for ${c}`);
  }
});

for (const file of fixtures) {
  test(`contact round trip: ${file}`, () => {
    const path = join(FIXTURES, file);
    const fact = facts[file];
    const ansi = ansiOf(fact);
    const fixture = normaliseVcf(path, ansi.python);

    // The Python reading agrees with the manifest: cards, FN, every property's count.
    assert.equal(fixture.cards.length, fact?.cards, "cards vs MANIFEST.facts.json");
    fixture.cards.forEach((card, i) => {
      assert.deepEqual(card.counts, fact?.props[i], `card ${i + 1}: property counts vs MANIFEST.facts.json`);
      assert.deepEqual(card.fn, fact?.fn[i] ?? [], `card ${i + 1}: FN vs MANIFEST.facts.json`);
    });

    let n = 0;
    const seeded = vcfToGraphContacts(new Uint8Array(readFileSync(path)), {
      parentFolderId: "contacts-folder-1",
      newId: () => `AAMkAD-contact-${++n}`,
      ...(ansi.node ? { ansiCharset: ansi.node } : {}),
      now: () => Date.UTC(2024, 0, 1),
    });
    assert.equal(seeded.length, fixture.cards.length, "one Graph contact per card");
    fixture.cards.forEach((card, i) => {
      if (card.fn[0]) assert.equal(seeded[i]?.contact.displayName, card.fn[0].trim(), `card ${i + 1}: displayName is FN`);
    });

    const outPath = join(tmp, file);
    writeFileSync(outPath, graphContactsToVcf(seeded));
    const exported = normaliseVcf(outPath);
    assert.equal(exported.cards.length, fixture.cards.length, "vobject reads every exported card");

    const losses = new Set<string>();
    fixture.cards.forEach((card, i) => {
      const out = exported.cards[i];
      assert.ok(out, `card ${i + 1} exported`);
      assert.deepEqual(comparableContact(out), comparableContact(card), `card ${i + 1} (${card.fn[0] ?? "no FN"})`);
      for (const l of contactLosses(card)) losses.add(l);
    });
    assert.deepEqual([...losses].sort(), [...(ALLOWED_CONTACT_LOSSES[file] ?? [])].sort(), "losses vs contact-allowed-losses.ts");
  });
}
