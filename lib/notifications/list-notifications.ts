import { getDb } from "@/lib/db";

export function countUnreadNotifications(userId: string): Promise<number> {
  return getDb().notification.count({ where: { userId, readAt: null } });
}

/** A user's own notifications, newest first. Scoped to the user in the query. */
export function listNotifications(userId: string, take = 50) {
  return getDb().notification.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take });
}
