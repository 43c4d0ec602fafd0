// How a version's scorecard reads on the pages (score-published-version.ts
// computes it after a publish that did not wait for it).
import type { ScorecardState } from "@/lib/db/json-columns";

/**
 * A scorecard still pending after this long will not land: the process that
 * published stopped before Spectral finished (the analysis thread's own limit
 * is 120 s). Shown as failed, so nobody waits for it.
 */
export const SCORECARD_ABANDONED_MS = 10 * 60_000;

/** The state to show: a pending scorecard older than SCORECARD_ABANDONED_MS will not land, and reads as failed. */
export function shownScorecardState(state: ScorecardState | null, now = new Date()): ScorecardState | null {
  if (state?.state === "pending" && now.getTime() - state.since.getTime() > SCORECARD_ABANDONED_MS) {
    return { state: "failed", reason: "The scorecard was not computed: the process that published this version stopped before Spectral finished" };
  }
  return state;
}
