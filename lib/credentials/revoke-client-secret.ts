import { z } from "zod";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { appWhereForActor } from "@/lib/apps/app-scope";
import { conflict, notFound, parseInput } from "@/lib/errors";
import { revokeTokensInTx } from "./revoke-tokens-in-tx";

const schema = z.object({ reason: z.string().trim().max(2000).optional() }).strict();

/**
 * Revokes a client secret at once: the developer on their own app, or
 * compliance on any app. The access tokens issued with it are revoked in the
 * same transaction (a leaked secret's tokens are as leaked as the secret).
 * Security-critical: the gateway drops cached checks on the published
 * changes.
 */
export async function revokeClientSecret(options: { actor: Actor; appId: string; secretId: string; unverifiedInput?: unknown }) {
  const { reason } = parseInput(schema, options.unverifiedInput ?? {}, "The revocation is not valid");
  const now = new Date();
  return auditedChange({
    actor: options.actor,
    roles: revokeClientSecret.roles,
    change: async (tx, actor) => {
      const app = await tx.app.findFirst({ where: appWhereForActor(actor, options.appId), select: { id: true } });
      if (!app) throw notFound("App not found");
      const secret = await tx.clientSecret.findFirst({ where: { id: options.secretId, appId: app.id } });
      if (!secret) throw notFound("Secret not found");
      if (secret.revokedAt) throw conflict("This secret is already revoked");
      await tx.clientSecret.update({ where: { id: secret.id }, data: { revokedAt: now } });
      const tokens = await revokeTokensInTx(tx, { appId: app.id, issuedBy: { clientSecretId: secret.id }, now });
      return {
        result: { tokensRevoked: tokens.count },
        audit: [{ action: "secret.revoke", targetId: app.id, reason: reason ?? null, details: { secretId: secret.id, hint: secret.hint, tokensRevoked: tokens.count } }],
        publish: [{ kind: "app", appId: app.id }, ...tokens.publish],
      };
    },
  });
}
revokeClientSecret.roles = ["developer", "compliance"] as const;
