import { z } from "zod";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { appWhereForActor } from "@/lib/apps/app-scope";
import { assertNotSuspended } from "@/lib/apps/app-state";
import { conflict, notFound, parseInput } from "@/lib/errors";
import { parseClientCertificate } from "./parse-client-certificate";

const schema = z.object({ pem: z.string().min(1, "Paste a PEM certificate").max(64 * 1024, "A certificate is at most 64 KB") }).strict();

/** A developer adds a client certificate (PEM) for mutual TLS to their app. */
export async function addClientCertificate(options: { actor: Actor; appId: string; unverifiedInput: unknown; now?: Date }) {
  const { pem } = parseInput(schema, options.unverifiedInput, "The certificate is not valid");
  const parsed = parseClientCertificate(pem, options.now);
  return auditedChange({
    actor: options.actor,
    roles: addClientCertificate.roles,
    change: async (tx, actor) => {
      const app = await tx.app.findFirst({ where: appWhereForActor(actor, options.appId) });
      if (!app) throw notFound("App not found");
      assertNotSuspended(app);
      const existing = await tx.clientCertificate.findUnique({ where: { appId_thumbprint: { appId: app.id, thumbprint: parsed.thumbprint } } });
      if (existing && !existing.revokedAt) throw conflict("This certificate is already registered for this app");
      // A removed certificate added again gets its row back (the pair is unique), with a fresh history entry.
      const row = existing
        ? await tx.clientCertificate.update({ where: { id: existing.id }, data: { ...parsed, revokedAt: null, createdAt: new Date() } })
        : await tx.clientCertificate.create({ data: { ...parsed, appId: app.id } });
      return {
        result: row,
        audit: [
          {
            action: "certificate.add",
            targetId: app.id,
            details: { certificateId: row.id, thumbprint: row.thumbprint, subject: row.subject, notAfter: row.notAfter.toISOString() },
          },
        ],
        publish: [{ kind: "app", appId: app.id }],
      };
    },
  });
}
addClientCertificate.roles = ["developer"] as const;
