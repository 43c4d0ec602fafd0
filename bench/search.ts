// `npm run bench:search`: search latency on a catalogue of generated specs.
// Generates N specs (default 1,000; BENCH_SPECS to change), extracts their
// operations and field names with the real validator, builds the real index,
// then times a mix of queries (exact field names, typos, paths, API names,
// multi-word) through the same ranking and visibility filter the portal uses.
// Not part of `npm test`.
import { performance } from "node:perf_hooks";
import { generateSpec } from "../lib/catalog/generate-spec";
import { validateSpec } from "../lib/catalog/validate-spec";
import { buildSearchIndex, type IndexEntry } from "../lib/catalog/search-index";
import { rankHits } from "../lib/catalog/search-catalog";

const SPECS = Number(process.env.BENCH_SPECS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const QUERIES = ["creditorIban", "endToEndId", "interestRate", "balance", "merchantNam", "intrestRate", "standing orders", "/payments/v1", "direct debits history", "Business Mandates API", "sortCode accountNumber", "refunds", "disputs", "getCardsItem3", "nickname"];
// API names vary the way a real bank's do: segment × product.
const SEGMENTS = ["Retail", "Business", "Corporate", "Private", "Treasury", "Wealth", "Open Banking", "Merchant", "Lending", "Savings", "Cards", "Payments", "Compliance", "Partner", "Mobile", "Branch", "Trade Finance", "Markets", "Insurance", "Mortgage"];
const PRODUCTS = ["Accounts", "Payments", "Mandates", "Statements", "Beneficiaries", "Standing Orders", "Direct Debits", "Loans", "Savings Goals", "Disputes", "Merchants", "Invoices", "Refunds", "Payees", "Cards", "Limits", "Rates", "Alerts", "Documents", "Consents", "Onboarding", "Collections", "Settlements", "Fees", "Overdrafts"];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  let t = performance.now();
  const entries: IndexEntry[] = [];
  for (let i = 0; i < SPECS; i++) {
    const slug = `api-${String(i).padStart(4, "0")}`;
    const spec = await validateSpec({ document: generateSpec({ slug, seed: i, title: `${SEGMENTS[i % SEGMENTS.length]} ${PRODUCTS[Math.floor(i / SEGMENTS.length) % PRODUCTS.length]} API`, operations: 8 + (i % 25), extraField: i % 97 === 0 ? "creditorIban" : undefined }) });
    entries.push({ apiId: `id-${i}`, slug, name: spec.name, summary: spec.summary, category: spec.category, version: spec.version, description: spec.description, tags: spec.tags, operations: spec.operations.map((o, j) => ({ id: `${i}-${j}`, ...o, fieldNames: o.fieldNames.join(" ") })) });
  }
  const operations = entries.reduce((n, e) => n + e.operations.length, 0);
  console.log(`generated and validated ${SPECS} specs (${operations} operations) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  t = performance.now();
  const index = buildSearchIndex(entries);
  console.log(`index built in ${(performance.now() - t).toFixed(0)} ms (${index.documentCount} documents)`);

  // A developer who may see 80% of the catalogue: the filter runs on every search.
  const visible = new Set(entries.filter((_, i) => i % 5 !== 0).map((e) => e.apiId));
  // Baseline, in the same run on the same index: the engine's plain lookup
  // (every word as typed, ORed, no fuzziness, prefixes or boosts, no words
  // of why). What the ranking adds is the difference.
  const baseline = (q: string) => index.search(q, { fuzzy: false, prefix: false, boost: {}, combineWith: "OR", processTerm: (t) => t.toLowerCase(), filter: (r) => visible.has(r.apiId as string) }).slice(0, 20).length;
  const ranked = (q: string) => rankHits(index, q, (id) => visible.has(id)).length;
  for (const [name, run] of [["baseline (plain lookup)", baseline], ["portal ranking", ranked]] as const) {
    for (const q of QUERIES) run(q); // warm-up
    const times: number[] = [];
    const perQuery = new Map<string, number>();
    let hits = 0;
    for (let r = 0; r < ROUNDS; r++) {
      for (const q of QUERIES) {
        const s = performance.now();
        hits += run(q);
        const ms = performance.now() - s;
        times.push(ms);
        perQuery.set(q, Math.max(perQuery.get(q) ?? 0, ms));
      }
    }
    const slowest = [...perQuery].sort((a, b) => b[1] - a[1]).slice(0, 3);
    times.sort((a, b) => a - b);
    console.log(`${name}: ${times.length} searches, ${hits} hits; slowest ${slowest.map(([q, ms]) => `"${q}" ${ms.toFixed(1)} ms`).join(", ")}`);
    console.log(`  p50 ${percentile(times, 50).toFixed(2)} ms · p95 ${percentile(times, 95).toFixed(2)} ms · max ${times[times.length - 1]!.toFixed(2)} ms (catalogue of ${SPECS} specs)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
