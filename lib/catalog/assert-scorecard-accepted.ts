// The bank's rule for the publish-time scorecard: with
// `scorecardErrorsBlockPublish` on, a spec with error-severity findings is
// refused, each finding a violation with its JSON pointer; otherwise the
// scorecard is only stored and shown.
import type { SpecScorecard } from "@/lib/db/json-columns";
import { PorticoError } from "@/lib/errors";
import type { BankSettings } from "@/lib/settings/bank-settings";

const MAX_VIOLATIONS = 25;

export function assertScorecardAccepted(settings: Pick<BankSettings, "scorecardErrorsBlockPublish">, scorecard: SpecScorecard): void {
  if (!settings.scorecardErrorsBlockPublish || scorecard.counts.error === 0) return;
  const errors = scorecard.findings.filter((f) => f.severity === "error");
  throw new PorticoError(
    "validation_failed",
    `The scorecard found ${scorecard.counts.error} error${scorecard.counts.error === 1 ? "" : "s"} (score ${scorecard.score}), and this bank does not publish specs with scorecard errors`,
    { violations: errors.slice(0, MAX_VIOLATIONS).map((f) => ({ pointer: f.pointer, message: `${f.rule}: ${f.message}` })) },
  );
}
