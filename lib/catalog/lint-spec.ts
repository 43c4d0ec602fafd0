// The publish-time scorecard: Spectral with the OpenAPI "recommended" rules
// (@stoplight/spectral-rulesets) and the OWASP API Security Top 10 2023 rules
// (@stoplight/spectral-owasp-ruleset), not rules of our own. A pure async
// function of the document, so it can run in a worker thread later.
//
// Security-critical: a spec is untrusted input. Spectral's default resolver
// follows $refs over HTTP and to local files; this one has no resolvers at
// all, so only references inside the document are followed (publishing has
// already refused external ones; this holds even if it had not).
import { Document, Spectral, type Ruleset } from "@stoplight/spectral-core";
import { Json as JsonParser } from "@stoplight/spectral-parsers";
import { Resolver } from "@stoplight/spectral-ref-resolver";
import { oas } from "@stoplight/spectral-rulesets";
import owasp from "@stoplight/spectral-owasp-ruleset";
import type { ScorecardFinding, ScorecardSeverity, SpecScorecard } from "@/lib/db/json-columns";

export const RULESETS = ["spectral:oas (recommended)", "OWASP API Security Top 10 2023 (@stoplight/spectral-owasp-ruleset)"];

/** Findings kept with the version; the counts cover all of them. */
export const MAX_STORED_FINDINGS = 200;
const MAX_MESSAGE = 300;

// Spectral's DiagnosticSeverity: 0 error, 1 warning, 2 information, 3 hint.
const SEVERITIES: ScorecardSeverity[] = ["error", "warn", "info", "hint"];
/** How much a failed rule of each severity costs the score; a hint costs nothing. */
const WEIGHT: Record<ScorecardSeverity, number> = { error: 4, warn: 2, info: 1, hint: 0 };

let spectral: Spectral | undefined;
function linter(): Spectral {
  if (!spectral) {
    const s = new Spectral({ resolver: new Resolver({ resolvers: {}, dereferenceRemote: false }) });
    s.setRuleset({ extends: [[oas as never, "recommended"], [owasp as never, "recommended"]] });
    spectral = s;
  }
  return spectral;
}

const escapePointer = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");
const toPointer = (path: readonly (string | number)[]) => path.map((p) => "/" + escapePointer(String(p))).join("");
/** Rule descriptions run to paragraphs with links; the scorecard keeps the first sentence. */
const firstSentence = (text: string) => (/^[^\n]*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text.split("\n")[0]!).slice(0, MAX_MESSAGE);
const severityOf = (n: number): ScorecardSeverity => SEVERITIES[n] ?? "hint";

/** The rules that apply to a document of these formats (Spectral's own test), with their severity. */
function applicableRules(ruleset: Ruleset, formats: Document["formats"]): Map<string, { severity: ScorecardSeverity; description: string }> {
  const out = new Map<string, { severity: ScorecardSeverity; description: string }>();
  for (const [name, rule] of Object.entries(ruleset.rules)) {
    if (!rule.enabled || !rule.matchesFormat(formats ?? null)) continue;
    out.set(name, { severity: severityOf(rule.severity), description: firstSentence(rule.description ?? rule.message ?? name) });
  }
  return out;
}

/**
 * Lints one OpenAPI document (the spec as uploaded, internal $refs only) and
 * scores it: 100 × (1 − weight of the failed rules ÷ weight of the applicable
 * rules), where a rule weighs 4 as an error, 2 as a warning, 1 as
 * information. A rule counts once however often it fails, so a large spec
 * is not marked down for its size.
 */
export async function lintSpec(document: Record<string, unknown>): Promise<SpecScorecard> {
  const s = linter();
  const doc = new Document(JSON.stringify(document), JsonParser, "spec.json");
  const results = await s.run(doc);
  const rules = applicableRules(s.ruleset!, doc.formats);

  const counts: Record<ScorecardSeverity, number> = { error: 0, warn: 0, info: 0, hint: 0 };
  const failed = new Map<string, { severity: ScorecardSeverity; count: number }>();
  const findings: ScorecardFinding[] = [];
  for (const r of results) {
    const severity = severityOf(r.severity);
    const rule = String(r.code);
    counts[severity]++;
    const f = failed.get(rule) ?? { severity, count: 0 };
    f.count++;
    failed.set(rule, f);
    findings.push({ rule, severity, message: r.message.slice(0, MAX_MESSAGE), pointer: toPointer(r.path) });
  }
  const rank = (x: ScorecardSeverity) => SEVERITIES.indexOf(x);
  findings.sort((a, b) => rank(a.severity) - rank(b.severity));

  let total = 0;
  let lost = 0;
  for (const [name, rule] of rules) {
    total += WEIGHT[rule.severity];
    if (failed.has(name)) lost += WEIGHT[rule.severity];
  }
  // A result from outside the ruleset (a parser or resolver problem) is an error on its own.
  for (const [name, f] of failed) {
    if (!rules.has(name)) {
      total += WEIGHT[f.severity];
      lost += WEIGHT[f.severity];
    }
  }
  const score = total === 0 ? 100 : Math.round(100 * (1 - lost / total));

  return {
    score,
    counts,
    rules: { applicable: rules.size, failed: failed.size },
    failedRules: [...failed]
      .map(([rule, f]) => ({ rule, severity: f.severity, count: f.count, description: rules.get(rule)?.description ?? rule }))
      .sort((a, b) => rank(a.severity) - rank(b.severity) || b.count - a.count || a.rule.localeCompare(b.rule)),
    findings: findings.slice(0, MAX_STORED_FINDINGS),
    omitted: Math.max(0, findings.length - MAX_STORED_FINDINGS),
    rulesets: RULESETS,
  };
}
