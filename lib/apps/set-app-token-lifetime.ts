import { z } from "zod";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { notFound, parseInput, PorticoError } from "@/lib/errors";
import { getBankSettings } from "@/lib/settings/bank-settings";

const schema = z.object({ tokenLifetimeSeconds: z.number().int().nullable() }).strict();

/** An admin sets (or clears, with null) an app's access-token lifetime, within the bank's bounds. */
export async function setAppTokenLifetime(options: { actor: Actor; appId: string; unverifiedInput: unknown }) {
  const { tokenLifetimeSeconds } = parseInput(schema, options.unverifiedInput, "The token lifetime is not valid");
  return auditedChange({
    actor: options.actor,
    roles: setAppTokenLifetime.roles,
    change: async (tx) => {
      const app = await tx.app.findUnique({ where: { id: options.appId } });
      if (!app) throw notFound("App not found");
      const settings = await getBankSettings(tx);
      if (tokenLifetimeSeconds !== null && (tokenLifetimeSeconds < settings.minTokenLifetimeSeconds || tokenLifetimeSeconds > settings.maxTokenLifetimeSeconds)) {
        const message = `Choose between ${settings.minTokenLifetimeSeconds} and ${settings.maxTokenLifetimeSeconds} seconds`;
        throw new PorticoError("validation_failed", message, { violations: [{ pointer: "/tokenLifetimeSeconds", message }] });
      }
      await tx.app.update({ where: { id: app.id }, data: { tokenLifetimeSeconds, revision: { increment: 1 } } });
      return {
        result: { tokenLifetimeSeconds },
        audit: [{ action: "app.token_lifetime", targetId: app.id, details: { from: app.tokenLifetimeSeconds, to: tokenLifetimeSeconds } }],
        publish: [{ kind: "app", appId: app.id }],
      };
    },
  });
}
setAppTokenLifetime.roles = ["admin"] as const;
