import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import type { Db } from "@/lib/db";
import { getBankSettings } from "@/lib/settings/bank-settings";

/** Rows deleted per transaction: each batch holds the write lock (SQLite) only briefly, so token issuance is not held up. */
const BATCH = 5_000;

/**
 * Deletes access-token rows that expired more than the bank's retention ago
 * (and, alike, refresh tokens and the authorization requests of consents
 * with nothing left alive)
 * (setting tokenRetentionHours, 24 h by default); a revoked token goes the
 * same way once it has expired, so it can still be looked up for a while
 * after the fact (lib/compliance/look-up-token.ts). Only the rows go: audit
 * records that name a token keep its id.
 *
 * Run on a schedule by every gateway process (gateway/server.ts, an unref'd
 * interval) and by `npm run tokens:purge`; safe to run concurrently (each
 * deletes by id what it read). Each batch that deleted something is one
 * `token.purge` audit record with the cut-off and the count; a run that
 * finds nothing writes nothing.
 */
export async function purgeExpiredTokens(options: { actor: Actor; now?: Date; db?: Db }) {
  const now = options.now ?? new Date();
  let deleted = 0;
  let cutoff = now;
  let retentionHours = 0;
  for (;;) {
    const batch = await auditedChange({
      actor: options.actor,
      roles: purgeExpiredTokens.roles,
      db: options.db,
      change: async (tx) => {
        const settings = await getBankSettings(tx);
        retentionHours = settings.tokenRetentionHours;
        cutoff = new Date(now.getTime() - retentionHours * 3_600_000);
        const doomed = await tx.accessToken.findMany({ where: { expiresAt: { lt: cutoff } }, select: { id: true }, take: BATCH });
        const doomedRefresh = await tx.refreshToken.findMany({ where: { expiresAt: { lt: cutoff } }, select: { id: true }, take: BATCH });
        // A consent's row goes once its request_uri is long expired and no refresh token of its chain still counts
        // (deleting it cascades to its refresh tokens; its access tokens keep their rows, unlinked).
        const doomedRequests = await tx.authorizationRequest.findMany({
          where: { expiresAt: { lt: cutoff }, refreshTokens: { none: { expiresAt: { gte: cutoff } } } },
          select: { id: true },
          take: BATCH,
        });
        if (doomed.length + doomedRefresh.length + doomedRequests.length === 0) return { result: { count: 0, full: false }, audit: [] };
        const { count } = await tx.accessToken.deleteMany({ where: { id: { in: doomed.map((t) => t.id) } } });
        const refreshTokensDeleted = (await tx.refreshToken.deleteMany({ where: { id: { in: doomedRefresh.map((t) => t.id) } } })).count;
        const authorizationRequestsDeleted = (await tx.authorizationRequest.deleteMany({ where: { id: { in: doomedRequests.map((r) => r.id) } } })).count;
        return {
          result: { count, full: [doomed, doomedRefresh, doomedRequests].some((rows) => rows.length === BATCH) },
          audit: [{ action: "token.purge", details: { retentionHours, cutoff: cutoff.toISOString(), deleted: count, refreshTokensDeleted, authorizationRequestsDeleted } }],
        };
      },
    });
    deleted += batch.count;
    if (!batch.full) break;
  }
  return { deleted, cutoff, retentionHours };
}
purgeExpiredTokens.roles = ["system"] as const;
