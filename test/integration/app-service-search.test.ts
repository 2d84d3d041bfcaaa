// Browsing and searching a big snapshot as the app does: a generated catalog of 100,000 messages
// in one mail folder (plus their sidecars), indexed once; pages must come out newest first and
// disjoint, and a search must find exactly the planted items, whatever their case and accents.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { CatalogEntry } from "../../shared/archive-types.js";
import { CatalogIndex } from "../../electron/app-service/catalog-index.js";
import { searchIndex } from "../../electron/app-service/search.js";

const N = 100_000;
const PLANT_EVERY = 997;
const WORDS = ["invoice", "meeting", "holiday", "report", "lunch", "budget", "photos", "train", "garden", "concert"];
const START = Date.UTC(2020, 0, 1);

/** Message i: subject from the vocabulary, every PLANT_EVERY-th one about the "Café Résumé". */
function generate(): { entries: CatalogEntry[]; planted: Set<string> } {
  const entries: CatalogEntry[] = [{ source: "me@example.com", path: "mail/Big", type: "dir", kind: "mail-folder", meta: { name: "Big" } }];
  const planted = new Set<string>();
  // Dates are shuffled against the path order, so sorting is really exercised.
  for (let i = 0; i < N; i++) {
    const minute = (i * 7919) % N;
    const date = new Date(START + minute * 60_000).toISOString();
    const isPlanted = i % PLANT_EVERY === 0;
    const subject = isPlanted ? `Your Café Résumé no. ${i}` : `${WORDS[i % WORDS.length]} ${WORDS[(i * 3) % WORDS.length]} ${i}`;
    const p = `mail/Big/${String(i).padStart(6, "0")}-x`;
    entries.push({ source: "me@example.com", path: `${p}.eml`, type: "file", kind: "email", size: 1000, meta: { subject, from: `sender${i % 50}@example.org`, date, folder: "Big" } });
    entries.push({ source: "me@example.com", path: `${p}.json`, type: "file", kind: "email-state", size: 200 });
    if (isPlanted) planted.add(`${p}.eml`);
  }
  return { entries, planted };
}

describe("a 100,000-message snapshot", () => {
  const { entries, planted } = generate();
  let t = performance.now();
  const index = new CatalogIndex(entries);
  const buildMs = performance.now() - t;

  test("the folder pages newest first, without sidecars, pages disjoint and complete", () => {
    t = performance.now();
    const all = index.childrenOf("me@example.com", "mail/Big");
    const firstSortMs = performance.now() - t;
    assert.equal(all.length, N, "sidecars are hidden when messages are there");
    const seen = new Set<string>();
    let previous = Infinity;
    t = performance.now();
    for (let offset = 0; offset < N; offset += 5000) {
      const page = index.childrenOf("me@example.com", "mail/Big").slice(offset, offset + 5000);
      for (const e of page) {
        assert.equal(e.kind, "email");
        const d = Date.parse(e.meta!.date as string);
        assert.ok(d <= previous, `${e.path} is not older than the item before it`);
        previous = d;
        assert.ok(!seen.has(e.path), `${e.path} appears twice`);
        seen.add(e.path);
      }
    }
    const pagingMs = performance.now() - t;
    assert.equal(seen.size, N);
    console.log(`# 100k catalog: index ${buildMs.toFixed(0)} ms, first sort ${firstSortMs.toFixed(0)} ms, all 20 pages ${pagingMs.toFixed(0)} ms`);
  });

  test("implied folders appear at the source's root", () => {
    const root = index.childrenOf("me@example.com", "");
    assert.deepEqual(root.map((e) => [e.path, e.type]), [["mail", "dir"]]);
    assert.deepEqual(index.childrenOf("me@example.com", "mail").map((e) => e.path), ["mail/Big"]);
  });

  test("search finds exactly the planted items, case- and accent-insensitively, all words required", () => {
    const queries = ["cafe resume", "CAFÉ RÉSUMÉ", "résumé café", "Cafe"];
    for (const q of queries) {
      t = performance.now();
      const r = searchIndex(index, q, undefined, 50);
      const ms = performance.now() - t;
      assert.equal(r.total, planted.size, q);
      assert.equal(r.items.length, Math.min(50, planted.size));
      for (const item of r.items) assert.ok(planted.has(item.path), `${item.path} was not planted`);
      console.log(`# search "${q}" over ${entries.length} items: ${ms.toFixed(1)} ms`);
    }
    assert.equal(searchIndex(index, "cafe holiday", undefined, 10).total, 0, "every word must match");
    assert.equal(searchIndex(index, "cafe", ["event"], 10).total, 0, "kinds filter");
    assert.equal(searchIndex(index, "cafe", ["email"], 10).total, planted.size);
    // A word present in every message: the vocabulary entry "invoice" appears in a tenth of them, twice in some.
    const expected = entries.filter((e) => e.kind === "email" && / invoice|^invoice/.test(String(e.meta?.subject))).length;
    assert.equal(searchIndex(index, "Invoice", undefined, 1).total, expected);
    assert.equal(searchIndex(index, "   ", undefined, 10).total, 0, "an empty query finds nothing");
  });
});
