import type { Prisma, SessionEndReason, Tx } from "@/lib/db";

/**
 * Ends every live session of the users matched, inside the caller's
 * transaction (suspension of a developer or an organisation), so the next
 * portal request of any of their browsers is anonymous. Returns how many
 * sessions ended, for the caller's audit record.
 */
export async function revokeSessionsInTx(tx: Tx, options: { users: Prisma.UserWhereInput; reason: SessionEndReason }): Promise<number> {
  const { count } = await tx.session.updateMany({
    where: { revokedAt: null, user: options.users },
    data: { revokedAt: new Date(), revokedReason: options.reason },
  });
  return count;
}
