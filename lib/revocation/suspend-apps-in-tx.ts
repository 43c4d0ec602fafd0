import type { Tx } from "@/lib/db";
import { notifyAppDevelopers } from "@/lib/apps/app-notifications";
import { announceRevocation } from "./announce-revocation";
import type { AuditEntry } from "@/lib/audit/audited-change";

/**
 * Suspends the given apps and revokes their live access tokens inside the
 * caller's transaction (an auditedChange), with one `app.suspend` record per
 * app for the caller to return. Each record keeps the status the app had,
 * which two-party reinstatement (approve-app-reinstatement.ts) restores.
 * Tokens are revoked as well as the app suspended so that a later
 * reinstatement never revives a token that was handed out before the misuse
 * was found.
 *
 * Returns the ids of the apps it changed (the caller publishes
 * `{kind:"app"}` for each after its transaction commits) and their records.
 */
export async function suspendAppsInTx(
  tx: Tx,
  options: { appIds: string[]; reason: string; cause: string },
): Promise<{ appIds: string[]; audit: AuditEntry[] }> {
  const { reason, cause } = options;
  if (options.appIds.length === 0) return { appIds: [], audit: [] };
  const apps = await tx.app.findMany({
    where: { id: { in: options.appIds }, status: { not: "suspended" } },
    select: { id: true, name: true, status: true, organisationId: true },
  });
  const now = new Date();
  const appIds: string[] = [];
  const audit: AuditEntry[] = [];
  for (const app of apps) {
    const updated = await tx.app.updateMany({
      where: { id: app.id, status: app.status },
      data: { status: "suspended", suspendedReason: reason, revision: { increment: 1 } },
    });
    if (updated.count === 0) continue;
    const tokens = await tx.accessToken.updateMany({ where: { appId: app.id, revokedAt: null, expiresAt: { gt: now } }, data: { revokedAt: now } });
    audit.push({
      action: "app.suspend",
      targetId: app.id,
      reason,
      details: { name: app.name, organisationId: app.organisationId, previousStatus: app.status, cause, tokensRevoked: tokens.count },
    });
    await announceRevocation(tx, app.id, { what: "app_suspended", cause, tokensRevoked: tokens.count });
    await notifyAppDevelopers(tx, {
      organisationId: app.organisationId,
      message: `${app.name} was suspended by the bank's compliance team: ${reason}. Its tokens no longer work and it cannot get new ones until it is reinstated.`,
      link: `/apps/${app.id}`,
      mail: { event: "compliance_action", subject: `${app.name} was suspended` },
    });
    appIds.push(app.id);
  }
  return { appIds, audit };
}
