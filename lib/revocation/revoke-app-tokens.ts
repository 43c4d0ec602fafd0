import { notifyAppDevelopers } from "@/lib/apps/app-notifications";
import { announceRevocation } from "./announce-revocation";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { notFound } from "@/lib/errors";
import { parseId, parseReason } from "./reason";

/**
 * Compliance revokes every live access token of one app. The app itself stays
 * approved: its client may fetch new tokens (use suspend-app.ts to stop it).
 */
export async function revokeAppTokens(options: { actor: Actor; appId: string; unverifiedReason: unknown }) {
  const reason = parseReason(options.unverifiedReason);
  const appId = parseId(options.appId, "No such app");
  const now = new Date();
  return auditedChange({
    actor: options.actor,
    roles: revokeAppTokens.roles,
    change: async (tx) => {
      const app = await tx.app.findUnique({ where: { id: appId }, select: { id: true, name: true, organisationId: true } });
      if (!app) throw notFound("No such app");
      const live = await tx.accessToken.findMany({
        where: { appId: app.id, revokedAt: null, expiresAt: { gt: now } },
        select: { id: true, tokenHash: true },
      });
      if (live.length) await tx.accessToken.updateMany({ where: { id: { in: live.map((t) => t.id) } }, data: { revokedAt: now } });
      await announceRevocation(tx, app.id, { what: "tokens_revoked", tokensRevoked: live.length });
      await notifyAppDevelopers(tx, {
        organisationId: app.organisationId,
        message: `Every access token of ${app.name} was revoked by the bank's compliance team: ${reason}. The app can request new tokens.`,
        link: `/apps/${app.id}`,
        mail: { event: "compliance_action", subject: `The tokens of ${app.name} were revoked` },
      });
      return {
        result: { appId: app.id, revoked: live.length },
        audit: [{ action: "token.revoke_all", targetId: app.id, reason, details: { name: app.name, tokensRevoked: live.length } }],
        // The app event makes every instance drop all cached checks of this
        // app; the per-token events cover caches keyed by token only.
        publish: [{ kind: "app", appId: app.id }, ...live.map((t) => ({ kind: "token" as const, tokenHash: t.tokenHash }))],
      };
    },
  });
}
revokeAppTokens.roles = ["compliance"] as const;
