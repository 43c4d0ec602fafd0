// `npm run bench:scorecard`: how long publishing's two added steps take —
// the Spectral scorecard (lib/catalog/lint-spec.ts) and the changelog
// (lib/catalog/diff-versions.ts) — on the largest bundled spec and on
// generated specs of 50, 150 and 500 operations. Each figure is the median
// of BENCH_ROUNDS runs (default 3) after one warm-up (ruleset load), next
// to the validator's time on the same spec in the same run as the baseline.
// Not part of `npm test`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parse } from "yaml";
import { diffVersions } from "../lib/catalog/diff-versions";
import { generateSpec } from "../lib/catalog/generate-spec";
import { lintSpec } from "../lib/catalog/lint-spec";
import { validateSpec } from "../lib/catalog/validate-spec";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

async function main() {
  const dir = path.join(process.cwd(), "openapi");
  const largest = readdirSync(dir).map((f) => path.join(dir, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
  const cases: { name: string; document: Record<string, unknown>; changed: Record<string, unknown> }[] = [];
  const bundled = parse(readFileSync(largest, "utf8")) as Record<string, unknown>;
  const bundledChanged = structuredClone(bundled);
  delete (bundledChanged.paths as Record<string, unknown>)[Object.keys(bundledChanged.paths as object)[0]!];
  cases.push({ name: `${path.basename(largest)} (${Math.round(statSync(largest).size / 1024)} KB, largest bundled)`, document: bundled, changed: bundledChanged });
  for (const operations of [50, 150, 500]) {
    cases.push({ name: `generated, ${operations} operations`, document: generateSpec({ slug: "bench", operations, seed: 1 }), changed: generateSpec({ slug: "bench", operations: operations - 5, seed: 1 }) });
  }
  await lintSpec(bundled); // warm-up: the rulesets load once per process
  console.log(`median of ${ROUNDS} rounds; ms`);
  console.log(["spec", "validate (baseline)", "lint (Spectral)", "diff (api-smart-diff)", "findings", "score"].join("\t"));
  for (const c of cases) {
    const validate = await median(() => validateSpec({ document: structuredClone(c.document) }));
    const lint = await median(() => lintSpec(c.document));
    const diff = await median(() => diffVersions({ version: "older", document: c.document }, { document: c.changed }));
    const scorecard = await lintSpec(c.document);
    console.log([c.name, validate.toFixed(0), lint.toFixed(0), diff.toFixed(0), scorecard.findings.length + scorecard.omitted, scorecard.score].join("\t"));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
