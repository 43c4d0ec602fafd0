import { getDb } from "@/lib/db";

export async function markNotificationsRead(userId: string) {
  await getDb().notification.updateMany({ where: { userId, readAt: null }, data: { readAt: new Date() } });
}
