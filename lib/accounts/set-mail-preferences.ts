import { z } from "zod";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { parseInput } from "@/lib/errors";
import { MAIL_EVENTS, type MailEvent } from "@/lib/notifications/notify";

const preferencesSchema = z.object(Object.fromEntries(Object.keys(MAIL_EVENTS).map((event) => [event, z.boolean()])) as Record<MailEvent, z.ZodBoolean>).strict();

/** Which notifications the signed-in user also gets by email (the profile page). Only their own. */
export async function setMailPreferences(options: { actor: Actor; unverifiedInput: unknown }): Promise<Record<MailEvent, boolean>> {
  const input = parseInput(preferencesSchema, options.unverifiedInput);
  return auditedChange({
    actor: options.actor,
    roles: setMailPreferences.roles,
    change: async (tx, actor) => {
      const data = Object.fromEntries((Object.keys(MAIL_EVENTS) as MailEvent[]).map((event) => [MAIL_EVENTS[event].column, input[event]]));
      await tx.user.update({ where: { id: actor.id }, data });
      return { result: input, audit: [{ action: "user.mail_preferences", targetId: actor.id, details: input }] };
    },
  });
}
setMailPreferences.roles = ["developer", "admin", "compliance"] as const;

