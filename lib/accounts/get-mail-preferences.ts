import type { Actor } from "@/lib/authz/actor";
import { getDb } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { MAIL_EVENTS, type MailEvent } from "@/lib/notifications/notify";

/** The signed-in user's own choices of notifications by email, event → on/off. */
export async function getMailPreferences(options: { actor: Actor }): Promise<Record<MailEvent, boolean>> {
  if (options.actor.kind !== "user") throw notFound();
  const user = await getDb().user.findUnique({ where: { id: options.actor.id }, select: { mailOnAppDecision: true, mailOnComplianceAction: true, mailOnBreakingChange: true } });
  if (!user) throw notFound();
  return Object.fromEntries((Object.keys(MAIL_EVENTS) as MailEvent[]).map((event) => [event, user[MAIL_EVENTS[event].column]])) as Record<MailEvent, boolean>;
}
