// The scorecard of a version that was published without waiting for it.
// When the bank's scorecard rule does not block publishing
// (`scorecardErrorsBlockPublish` off), the scorecard decides nothing, so
// publishing serves the version as soon as it is validated and stored, and
// Spectral — tens of seconds on a spec of a thousand operations — runs
// afterwards in the analysis thread. Until it lands the version's scorecard
// reads "pending"; a failure is stored as such and blocks nothing.
import { auditedChange } from "@/lib/audit/audited-change";
import { systemActor } from "@/lib/authz/actor";
import type { Prisma } from "@/lib/db";
import type { StoredScorecard } from "@/lib/db/json-columns";
import { PorticoError } from "@/lib/errors";
import { logServerError } from "@/lib/errors/redact";
import { runAnalysis } from "./run-analysis";

/**
 * Spectral's time limit after a publish: longer than the upload's 120 s,
 * since the spec is already validated and served and nobody waits for the
 * answer (a 1,000-operation spec took over 120 s on a loaded 2-core box).
 */
export const SCORECARD_TIME_LIMIT_MS = 300_000;

// Per process: the CLI and tests wait for these before they stop.
const inFlight = new Set<Promise<void>>();

/** What ApiVersion.scorecard holds while Spectral has not finished. */
export const pendingScorecard = (now = new Date()): StoredScorecard => ({ pending: { since: now.toISOString() } });

/**
 * Lints the version's stored document (its JSON text) in the analysis thread,
 * then stores the scorecard, or the failure, with its audit record. Returns
 * at once; scorecardsSettled() waits for every one this process started.
 */
export function scorePublishedVersion({ apiVersionId, sourceJson, slug, version }: { apiVersionId: string; sourceJson: string; slug: string; version: string }): void {
  const job = (async () => {
    let stored: StoredScorecard;
    let details: Record<string, unknown>;
    try {
      const scorecard = await runAnalysis("lint-spec", { sourceJson }, { timeLimitMs: SCORECARD_TIME_LIMIT_MS });
      stored = scorecard;
      details = { api: slug, version, score: scorecard.score, scorecardErrors: scorecard.counts.error };
    } catch (error) {
      // The analysis thread's limits say why; anything else stays in the server log.
      if (!(error instanceof PorticoError)) logServerError(`scorecard of ${slug} ${version}:`, error);
      const reason =
        error instanceof PorticoError && error.code === "validation_failed"
          ? `Spectral did not finish within ${SCORECARD_TIME_LIMIT_MS / 1000} s`
          : error instanceof PorticoError && error.code === "payload_too_large"
            ? "Spectral needed more memory than the analysis thread has"
            : "Spectral could not lint this spec";
      stored = { failed: { at: new Date().toISOString(), reason } };
      details = { api: slug, version, failed: reason };
    }
    await auditedChange({
      actor: systemActor("scorecard (after publish)"),
      roles: ["system"],
      change: async (tx) => {
        // The version may have gone meanwhile (its API deleted): then there is nothing to score.
        const { count } = await tx.apiVersion.updateMany({ where: { id: apiVersionId }, data: { scorecard: stored as Prisma.InputJsonObject } });
        return { result: undefined, audit: count ? [{ action: "spec.scorecard" as const, targetId: apiVersionId, details }] : [] };
      },
    });
  })()
    .catch((error: unknown) => logServerError(`storing the scorecard of ${slug} ${version}:`, error))
    .finally(() => inFlight.delete(job));
  inFlight.add(job);
}

/** Resolves once every scorecard this process started has been stored (the CLI waits for them before it exits). */
export async function scorecardsSettled(): Promise<void> {
  while (inFlight.size) await Promise.allSettled([...inFlight]);
}
