import type { Actor } from "@/lib/authz/actor";
import { getDb } from "@/lib/db";

/**
 * The signed-in user's own mails, newest first (the /outbox page).
 * Security-critical: scoped to the actor in the query itself — mails hold
 * single-use links (verification, password reset), so no one, staff
 * included, reads another user's mail here.
 */
export async function listMail(options: { actor: Actor; take?: number }) {
  if (options.actor.kind !== "user") return [];
  return getDb().mailMessage.findMany({
    where: { userId: options.actor.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.take ?? 50,
    select: { id: true, toAddress: true, subject: true, body: true, status: true, sentAt: true, createdAt: true },
  });
}
