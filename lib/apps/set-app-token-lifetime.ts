import { z } from "zod";
import { getDb } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { publishChange } from "@/lib/broadcast/change-bus";
import { badRequest, notFound } from "@/lib/errors";
import { getBankSettings } from "@/lib/settings/bank-settings";
import { parseOrThrow } from "./app-input";

const schema = z.object({ tokenLifetimeSeconds: z.number().int().nullable() }).strict();

/** An admin sets (or clears, with null) an app's access-token lifetime, within the bank's bounds. */
export async function setAppTokenLifetime(options: { actor: Actor; appId: string; unverifiedInput: unknown }) {
  const { actor } = options;
  requireRole(actor, "admin");
  const { tokenLifetimeSeconds } = parseOrThrow(schema, options.unverifiedInput);
  const result = await getDb().$transaction(async (tx) => {
    const app = await tx.app.findUnique({ where: { id: options.appId } });
    if (!app) throw notFound("App not found");
    const settings = await getBankSettings(tx);
    if (tokenLifetimeSeconds !== null && (tokenLifetimeSeconds < settings.minTokenLifetimeSeconds || tokenLifetimeSeconds > settings.maxTokenLifetimeSeconds)) {
      const message = `Choose between ${settings.minTokenLifetimeSeconds} and ${settings.maxTokenLifetimeSeconds} seconds`;
      throw badRequest(message, [{ pointer: "/tokenLifetimeSeconds", message }]);
    }
    await tx.app.update({ where: { id: app.id }, data: { tokenLifetimeSeconds, revision: { increment: 1 } } });
    await recordAuditEvent(tx, {
      actor,
      action: "app.token_lifetime",
      targetType: "app",
      targetId: app.id,
      details: { from: app.tokenLifetimeSeconds, to: tokenLifetimeSeconds },
    });
    return { tokenLifetimeSeconds };
  });
  await publishChange({ kind: "app", appId: options.appId });
  return result;
}
