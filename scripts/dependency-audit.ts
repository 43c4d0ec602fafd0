// `npm run audit:deps`: the dependency audit CI runs before the suites
// (.ci/run). Fails on a high or critical advisory in the production
// dependency tree (what `npm audit --omit=dev --audit-level=high` checks).
//   1. `npm audit --omit=dev --audit-level=high`, when the registry answers
//      advisory queries. The registry this project's machines reach does
//      not (POST …/advisories/bulk → 405), so then:
//   2. the committed advisory list (scripts/dependency-advisories.json)
//      against every production entry of package-lock.json, with semver
//      ranges. Accepted findings are listed there as exceptions, each with
//      its reason (also in SECURITY.md); an exception that no longer matches
//      anything fails too, so the list cannot go stale silently.
// Exit code 1 on any finding, 0 when clean.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import semver from "semver";

export type Advisory = { id: string; package: string; severity: "low" | "moderate" | "high" | "critical"; vulnerable: string; title: string };
export type AdvisoryException = { id: string; package: string; version: string; reason: string };
export type AdvisoryList = { advisories: Advisory[]; exceptions: AdvisoryException[] };
type LockEntry = { name?: string; version?: string; dev?: boolean; link?: boolean };
export type Lockfile = { lockfileVersion: number; packages: Record<string, LockEntry> };

export type Finding = { advisory: Advisory; version: string; paths: string[]; excepted?: AdvisoryException };

/** The package name of a lockfile v2/v3 key ("node_modules/a/node_modules/@s/b" → "@s/b"), or its alias target name. */
function packageName(key: string, entry: LockEntry) {
  return entry.name ?? key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
}

/**
 * Every high or critical advisory that matches a production entry of the
 * lockfile (entries marked `dev` are what `--omit=dev` leaves out).
 */
export function auditLockfile(lock: Lockfile, list: AdvisoryList): { findings: Finding[]; staleExceptions: AdvisoryException[] } {
  if (lock.lockfileVersion < 2) throw new Error("package-lock.json v2 or later is needed (it lists every installed package)");
  const installed = new Map<string, Map<string, string[]>>();
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (!key || entry.dev || entry.link || !entry.version) continue;
    const name = packageName(key, entry);
    const versions = installed.get(name) ?? new Map<string, string[]>();
    versions.set(entry.version, [...(versions.get(entry.version) ?? []), key]);
    installed.set(name, versions);
  }
  const findings: Finding[] = [];
  for (const advisory of list.advisories) {
    if (advisory.severity !== "high" && advisory.severity !== "critical") continue;
    for (const [version, paths] of installed.get(advisory.package) ?? []) {
      if (!semver.satisfies(version, advisory.vulnerable, { includePrerelease: true })) continue;
      const excepted = list.exceptions.find((e) => e.id === advisory.id && e.package === advisory.package && e.version === version);
      findings.push({ advisory, version, paths, excepted });
    }
  }
  const staleExceptions = list.exceptions.filter((e) => !findings.some((f) => f.excepted === e));
  return { findings, staleExceptions };
}

type NpmAudit = { answered: false; why: string } | { answered: true; high: number; critical: number; output: string };

/** `npm audit --omit=dev --audit-level=high --json`, or why the registry gave no answer. */
function npmAudit(root: string): NpmAudit {
  const run = spawnSync("npm", ["audit", "--omit=dev", "--audit-level=high", "--json"], { cwd: root, encoding: "utf8", timeout: 120_000 });
  let report: { message?: string; error?: { summary?: string }; metadata?: { vulnerabilities?: Record<string, number> } };
  try {
    report = JSON.parse(run.stdout);
  } catch {
    return { answered: false, why: (run.stderr || run.error?.message || "no answer").trim().split("\n")[0]! };
  }
  if (report.error || !report.metadata?.vulnerabilities) return { answered: false, why: report.message ?? report.error?.summary ?? "no vulnerability counts in the answer" };
  const { high = 0, critical = 0 } = report.metadata.vulnerabilities;
  return { answered: true, high, critical, output: run.stdout };
}

function main(): number {
  const root = process.cwd();
  let failed = false;
  const registry = process.argv.includes("--offline") ? ({ answered: false, why: "--offline" } as NpmAudit) : npmAudit(root);
  if (registry.answered) {
    console.log(`npm audit (registry): ${registry.high} high, ${registry.critical} critical in production dependencies`);
    if (registry.high + registry.critical > 0) {
      console.log("run `npm audit --omit=dev` for the details");
      failed = true;
    }
  } else console.log(`npm audit: the registry gave no advisory answer (${registry.why}); using the committed advisory list`);

  const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8")) as Lockfile;
  const list = JSON.parse(readFileSync(path.join(root, "scripts", "dependency-advisories.json"), "utf8")) as AdvisoryList & { reviewed: string };
  const { findings, staleExceptions } = auditLockfile(lock, list);
  for (const f of findings) {
    const where = f.paths.join(", ");
    if (f.excepted) console.log(`excepted  ${f.advisory.severity} ${f.advisory.id} ${f.advisory.package}@${f.version} (${where}): ${f.excepted.reason}`);
    else console.log(`FAIL      ${f.advisory.severity} ${f.advisory.id} ${f.advisory.package}@${f.version} (${where}): ${f.advisory.title}`);
  }
  for (const e of staleExceptions) console.log(`FAIL      exception ${e.id} ${e.package}@${e.version} matches nothing any more: remove it`);
  const open = findings.filter((f) => !f.excepted).length;
  console.log(`advisory list (reviewed ${list.reviewed}): ${list.advisories.length} advisories; ${open} open, ${findings.length - open} excepted, ${staleExceptions.length} stale exceptions`);
  if (open || staleExceptions.length) failed = true;
  console.log(failed ? "dependency audit: FAILED" : "dependency audit: no open high or critical advisory");
  return failed ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exit(main());
