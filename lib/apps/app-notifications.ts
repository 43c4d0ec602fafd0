import type { Tx } from "@/lib/db";
import { notify, type MailEvent } from "@/lib/notifications/notify";

/** Every active bank admin, e.g. when a request enters the review queue. */
export async function notifyAdmins(tx: Tx, options: { message: string; link: string; exceptUserId?: string }) {
  const admins = await tx.user.findMany({ where: { role: "admin", status: "active", ...(options.exceptUserId ? { id: { not: options.exceptUserId } } : {}) }, select: { id: true } });
  for (const admin of admins) await notify(tx, { userId: admin.id, message: options.message, link: options.link });
}

/** The developers of the app's organisation: any of them may look after it. With `mail`, also by email to those who chose that event. */
export async function notifyAppDevelopers(tx: Tx, options: { organisationId: string; message: string; link: string; mail?: { event: MailEvent; subject: string } }) {
  const developers = await tx.user.findMany({ where: { organisationId: options.organisationId, role: "developer", status: "active" }, select: { id: true } });
  for (const developer of developers) await notify(tx, { userId: developer.id, message: options.message, link: options.link, mail: options.mail });
}
