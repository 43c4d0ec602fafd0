// `npm run bench:publish-served`: how long a large spec takes from upload to
// served, now that publishing does not wait for Spectral when the bank's
// scorecard rule does not block (lib/catalog/score-published-version.ts).
// On a fresh SQLite database, each round publishes a generated spec of
// BENCH_OPERATIONS (1,000) operations through publishSpec and measures
//   served:   until publishSpec has committed and the sandbox's route table
//             serves the version (what a developer or CI waits for);
//   scored:   until its scorecard is stored, the baseline from the same run:
//             what publishing waited for before, when Spectral ran before
//             the transaction (the same steps, in the same order, plus the
//             commit that stores the scorecard).
// Median of BENCH_ROUNDS (2) rounds after a warm-up publish of a small spec
// (the analysis thread, its bundle and the rulesets load once per process).
// A scorecard that fails (Spectral's 300 s limit after publish) is reported
// as such, with its time. Not part of `npm test`.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { stringify } from "yaml";

const OPERATIONS = Number(process.env.BENCH_OPERATIONS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "portico-bench-publish-"));
  Object.assign(process.env, { DATABASE_URL: `file:${path.join(dir, "bench.db")}`, PORTICO_DATA_DIR: dir, REDIS_URL: "" });
  const { migrate } = await import("@/lib/db/migrate");
  const { closeDb, getDb } = await import("@/lib/db");
  const { systemActor } = await import("@/lib/authz/actor");
  const { generateSpec } = await import("@/lib/catalog/generate-spec");
  const { publishSpec } = await import("@/lib/catalog/publish-spec");
  const { scorecardsSettled } = await import("@/lib/catalog/score-published-version");
  const { buildRouteTable } = await import("@/lib/sandbox/route-table");
  const { stopChangeBus } = await import("@/lib/broadcast/change-bus");
  try {
    await migrate();
    const actor = systemActor("bench");
    const served: number[] = [];
    const scored: number[] = [];
    for (let round = 0; round <= ROUNDS; round++) {
      const slug = `bench-served-${round}`;
      const text = stringify(generateSpec({ slug, operations: round === 0 ? 20 : OPERATIONS, seed: round }));
      const started = performance.now();
      // Decided as a bank's CI would for a generated spec (some seeds propose IBAN fields): nothing to wait for an admin.
      await publishSpec({ actor, unverifiedSpec: text, filename: "large.yaml", unverifiedOverlay: "noAccountScoping: true\n" });
      const routes = await buildRouteTable({ db: getDb() });
      if (!routes.api(slug, "1.0.0")) throw new Error(`${slug} is not served`);
      const servedMs = performance.now() - started;
      await scorecardsSettled();
      const scoredMs = performance.now() - started;
      const row = await getDb().apiVersion.findFirstOrThrow({ where: { api: { slug } }, select: { scorecard: true } });
      const outcome = row.scorecard && typeof row.scorecard === "object" && "score" in row.scorecard ? `score ${String(row.scorecard.score)}` : JSON.stringify(row.scorecard);
      if (round === 0) continue;
      served.push(servedMs);
      scored.push(scoredMs);
      console.log(`round ${round}: served after ${(servedMs / 1000).toFixed(1)} s, scorecard stored after ${(scoredMs / 1000).toFixed(1)} s (${outcome})`);
    }
    console.log(`${OPERATIONS} operations, median of ${ROUNDS}: served after ${(median(served) / 1000).toFixed(1)} s; scorecard stored (what publishing waited for before) after ${(median(scored) / 1000).toFixed(1)} s`);
  } finally {
    await stopChangeBus();
    await closeDb();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
