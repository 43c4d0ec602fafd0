import { config } from "@/lib/config";
import type { Tx } from "@/lib/db";
import { enqueueMail } from "@/lib/mail/enqueue-mail";

/** The notifications a user may also get by email, each with the User column that holds their choice (profile page). */
export const MAIL_EVENTS = {
  app_decision: { column: "mailOnAppDecision", label: "Your apps are approved or rejected" },
  compliance_action: { column: "mailOnComplianceAction", label: "Compliance acts on your apps (tokens revoked, app suspended or reinstated)" },
  breaking_change: { column: "mailOnBreakingChange", label: "An API your apps use publishes breaking changes" },
} as const;
export type MailEvent = keyof typeof MAIL_EVENTS;

/**
 * In-portal notification, written in the caller's transaction; with `mail`,
 * also an email through the outbox (lib/mail) when the user has that event
 * switched on. The one way a notification reaches someone's inbox.
 */
export async function notify(tx: Tx, options: { userId: string; message: string; link?: string; mail?: { event: MailEvent; subject: string } }) {
  await tx.notification.create({ data: { userId: options.userId, message: options.message, link: options.link } });
  if (!options.mail) return;
  const column = MAIL_EVENTS[options.mail.event].column;
  const wants = await tx.user.findUnique({ where: { id: options.userId }, select: { [column]: true } });
  if (!wants?.[column]) return;
  const link = options.link ? `\n\n${new URL(options.link, config.portalUrl).toString()}` : "";
  await enqueueMail(tx, { userId: options.userId, subject: options.mail.subject, body: `${options.message}${link}\n\n— Portico` });
}
