import type { Tx } from "@/lib/db";

/** In-portal notification, written in the caller's transaction. */
export async function notify(tx: Tx, options: { userId: string; message: string; link?: string }) {
  await tx.notification.create({ data: { userId: options.userId, message: options.message, link: options.link } });
}
