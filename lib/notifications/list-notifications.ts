import { getDb, sqlParam, sqlTable } from "@/lib/db";

/**
 * The header's badge, on every signed-in page: one hand-written statement
 * (index on userId, readAt) rather than a Prisma count, whose query plan is
 * compiled anew on each call.
 */
export async function countUnreadNotifications(userId: string): Promise<number> {
  const [row] = await getDb().$queryRawUnsafe<{ unread: number | bigint }[]>(
    `SELECT COUNT(*) AS "unread" FROM ${sqlTable("Notification")} WHERE "userId" = ${sqlParam(1)} AND "readAt" IS NULL`,
    userId,
  );
  return Number(row?.unread ?? 0);
}

/** A user's own notifications, newest first. Scoped to the user in the query. */
export function listNotifications(userId: string, take = 50) {
  return getDb().notification.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take });
}
