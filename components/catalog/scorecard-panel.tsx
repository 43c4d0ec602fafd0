import { Badge } from "@/components/ui/card";
import type { ScorecardProgress, ScorecardView } from "@/lib/catalog/get-api-version";
import type { ScorecardSeverity } from "@/lib/db/json-columns";

const SEVERITY_TONE = { error: "red", warn: "amber", info: "blue", hint: "gray" } as const;
const SEVERITY_LABEL: Record<ScorecardSeverity, string> = { error: "errors", warn: "warnings", info: "info", hint: "hints" };

export const scoreTone = (score: number) => (score >= 80 ? "green" : score >= 50 ? "amber" : "red");

/** The score with its counts: what every reader of the version sees. */
export function ScoreSummary({ scorecard }: { scorecard: Pick<ScorecardView, "score" | "counts" | "rules"> }) {
  return (
    <div>
      <p className="flex items-baseline gap-2">
        <span className="text-3xl font-bold text-slate-900" data-testid="score">{scorecard.score}</span>
        <span className="text-sm text-slate-600">/ 100</span>
        <Badge tone={scoreTone(scorecard.score)}>{scorecard.score >= 80 ? "good" : scorecard.score >= 50 ? "fair" : "poor"}</Badge>
      </p>
      <p className="mt-1 text-xs text-slate-600">
        Passes {scorecard.rules.applicable - scorecard.rules.failed} of {scorecard.rules.applicable} OpenAPI and OWASP API Security rules.
      </p>
      <ul className="mt-2 flex flex-wrap gap-1" aria-label="Findings by severity">
        {(Object.keys(SEVERITY_LABEL) as ScorecardSeverity[])
          .filter((s) => scorecard.counts[s] > 0)
          .map((s) => (
            <li key={s}><Badge tone={SEVERITY_TONE[s]}>{scorecard.counts[s]} {SEVERITY_LABEL[s]}</Badge></li>
          ))}
      </ul>
    </div>
  );
}

/** A scorecard that is not there yet (computed after the publish) or could not be computed: it never held the version back. */
export function ScorecardProgressNote({ progress }: { progress: NonNullable<ScorecardProgress> }) {
  return progress.state === "pending" ? (
    <p className="mt-2 text-sm text-slate-600" data-testid="scorecard-progress">
      <Badge tone="gray">scorecard pending</Badge> <span className="block mt-1 text-xs">The version is already served; Spectral is still scoring it. Reload in a while.</span>
    </p>
  ) : (
    <p className="mt-2 text-sm text-slate-600" data-testid="scorecard-progress">
      <Badge tone="red">scorecard failed</Badge> <span className="block mt-1 text-xs">{progress.reason}. The version is served regardless.</span>
    </p>
  );
}

/** Admins: the rules the spec breaks and where (JSON pointers into the spec as uploaded). */
export function ScorecardFindings({ detail }: { detail: NonNullable<ScorecardView["detail"]> }) {
  return (
    <div className="space-y-4">
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Rules the spec breaks</caption>
          <thead className="text-xs uppercase text-slate-500">
            <tr><th scope="col" className="py-1 pr-3">Rule</th><th scope="col" className="py-1 pr-3">Severity</th><th scope="col" className="py-1 pr-3">Findings</th><th scope="col" className="py-1">Why</th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {detail.failedRules.map((r) => (
              <tr key={r.rule}>
                <td className="py-1.5 pr-3 font-mono text-xs break-all">{r.rule}</td>
                <td className="py-1.5 pr-3"><Badge tone={SEVERITY_TONE[r.severity]}>{r.severity}</Badge></td>
                <td className="py-1.5 pr-3">{r.count}</td>
                <td className="py-1.5 text-slate-700">{r.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <details>
        <summary className="cursor-pointer text-sm font-semibold text-brand-700">
          Every finding with its place in the spec ({detail.findings.length}{detail.omitted ? ` of ${detail.findings.length + detail.omitted}` : ""})
        </summary>
        <ul className="mt-2 divide-y divide-slate-100 text-sm" aria-label="Findings">
          {detail.findings.map((f, i) => (
            <li key={i} className="py-1.5">
              <Badge tone={SEVERITY_TONE[f.severity]}>{f.severity}</Badge> <code className="break-all rounded bg-slate-100 px-1 text-xs">{f.pointer || "/"}</code>{" "}
              <span className="text-slate-700">{f.message}</span> <span className="font-mono text-xs text-slate-500">{f.rule}</span>
            </li>
          ))}
        </ul>
      </details>
      <p className="text-xs text-slate-500">Rulesets: {detail.rulesets.join("; ")}.</p>
    </div>
  );
}
