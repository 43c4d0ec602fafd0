import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { appWhereForActor } from "@/lib/apps/app-scope";
import { conflict, notFound } from "@/lib/errors";
import { getBankSettings } from "@/lib/settings/bank-settings";
import { hashOpaqueSecret, newOpaqueSecret } from "@/lib/secrets/opaque-secret";

/**
 * Generates a client secret and returns it — the only time its plaintext
 * exists outside the caller; only its hash is stored. The first call after
 * approval issues the app's first secret; every later call is a rotation:
 * secrets still in force get expiresAt = now + the bank's overlap window, so
 * deployed clients keep working until they switch (RFC 6749 §2.3.1 client
 * password; rotation policy is the bank's).
 */
export async function issueClientSecret(options: { actor: Actor; appId: string; now?: Date }) {
  const now = options.now ?? new Date();
  return auditedChange({
    actor: options.actor,
    roles: issueClientSecret.roles,
    change: async (tx, actor) => {
      const app = await tx.app.findFirst({ where: appWhereForActor(actor, options.appId) });
      if (!app) throw notFound("App not found");
      if (!app.clientId) throw conflict("The app needs the bank's approval before it gets credentials");
      if (app.status === "suspended") throw conflict("This app is suspended. Contact the bank.");
      const settings = await getBankSettings(tx);
      const live = await tx.clientSecret.findMany({ where: { appId: app.id, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } });
      const overlapEnds = new Date(now.getTime() + settings.secretRotationOverlapSeconds * 1000);
      const rotating = live.filter((s) => s.expiresAt === null);
      if (rotating.length) {
        await tx.clientSecret.updateMany({ where: { id: { in: rotating.map((s) => s.id) }, expiresAt: null }, data: { expiresAt: overlapEnds } });
      }
      const secret = newOpaqueSecret("pcs_");
      const row = await tx.clientSecret.create({ data: { appId: app.id, secretHash: hashOpaqueSecret(secret), hint: secret.slice(-4), createdAt: now } });
      const previousExpireAt = rotating.length ? overlapEnds : null;
      return {
        result: { id: row.id, secret, hint: row.hint, clientId: app.clientId, rotated: rotating.length, previousExpireAt },
        audit: [
          {
            action: live.length ? "secret.rotate" : "secret.issue",
            targetId: app.id,
            details: { secretId: row.id, hint: row.hint, previousSecretIds: rotating.map((s) => s.id), previousExpireAt: previousExpireAt?.toISOString() ?? null },
          },
        ],
        // Rotation shortened the life of cached secrets.
        publish: rotating.length ? [{ kind: "app", appId: app.id }] : [],
      };
    },
  });
}
issueClientSecret.roles = ["developer"] as const;
