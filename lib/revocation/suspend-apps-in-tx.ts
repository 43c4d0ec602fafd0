import type { Tx } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/authz/actor";

/**
 * Suspends the given apps and revokes their live access tokens inside the
 * caller's transaction, writing one `app.suspend` record per app. Each
 * record keeps the status the app had, which two-party reinstatement
 * (approve-app-reinstatement.ts) restores. Tokens are revoked as well as the
 * app suspended so that a later reinstatement never revives a token that was
 * handed out before the misuse was found.
 *
 * Returns the ids of the apps it changed; the caller publishes
 * `{kind:"app"}` for each after its transaction commits.
 */
export async function suspendAppsInTx(
  tx: Tx,
  options: { actor: Actor; appIds: string[]; reason: string; cause: string },
): Promise<string[]> {
  const { actor, reason, cause } = options;
  if (options.appIds.length === 0) return [];
  const apps = await tx.app.findMany({
    where: { id: { in: options.appIds }, status: { not: "suspended" } },
    select: { id: true, name: true, status: true, organisationId: true },
  });
  const now = new Date();
  const changed: string[] = [];
  for (const app of apps) {
    const updated = await tx.app.updateMany({
      where: { id: app.id, status: app.status },
      data: { status: "suspended", suspendedReason: reason, revision: { increment: 1 } },
    });
    if (updated.count === 0) continue;
    const tokens = await tx.accessToken.updateMany({ where: { appId: app.id, revokedAt: null, expiresAt: { gt: now } }, data: { revokedAt: now } });
    await recordAuditEvent(tx, {
      actor,
      action: "app.suspend",
      targetType: "app",
      targetId: app.id,
      reason,
      details: { name: app.name, organisationId: app.organisationId, previousStatus: app.status, cause, tokensRevoked: tokens.count },
    });
    changed.push(app.id);
  }
  return changed;
}
