import { notifyAppDevelopers } from "@/lib/apps/app-notifications";
import { announceRevocation } from "./announce-revocation";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { conflict, notFound } from "@/lib/errors";
import { parseId, parseReason } from "./reason";

/**
 * Compliance revokes one access token, chosen by its id in the console (the
 * console never sees the token itself). The gateway's cached check for this
 * token is dropped through the change bus once the revocation is committed.
 */
export async function revokeToken(options: { actor: Actor; tokenId: string; unverifiedReason: unknown }) {
  const reason = parseReason(options.unverifiedReason);
  const tokenId = parseId(options.tokenId, "No such token");
  const now = new Date();
  return auditedChange({
    actor: options.actor,
    roles: revokeToken.roles,
    change: async (tx) => {
      const found = await tx.accessToken.findUnique({
        where: { id: tokenId },
        select: { id: true, tokenHash: true, appId: true, revokedAt: true, expiresAt: true, scope: true },
      });
      if (!found) throw notFound("No such token");
      if (found.revokedAt) throw conflict("This token is already revoked");
      const updated = await tx.accessToken.updateMany({ where: { id: found.id, revokedAt: null }, data: { revokedAt: now } });
      if (updated.count === 0) throw conflict("This token is already revoked");
      await announceRevocation(tx, found.appId, { what: "token_revoked", tokenId: found.id });
      const app = await tx.app.findUniqueOrThrow({ where: { id: found.appId }, select: { id: true, name: true, organisationId: true } });
      await notifyAppDevelopers(tx, {
        organisationId: app.organisationId,
        message: `An access token of ${app.name} was revoked by the bank's compliance team: ${reason}. The app can request a new token.`,
        link: `/apps/${app.id}`,
        mail: { event: "compliance_action", subject: `A token of ${app.name} was revoked` },
      });
      return {
        result: { id: found.id, appId: found.appId, revokedAt: now },
        audit: [{ action: "token.revoke", targetId: found.id, reason, details: { appId: found.appId, scope: found.scope, expiresAt: found.expiresAt.toISOString(), via: "console" } }],
        publish: [{ kind: "token", tokenHash: found.tokenHash }],
      };
    },
  });
}
revokeToken.roles = ["compliance"] as const;
