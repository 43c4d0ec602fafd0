import { enqueueEvent } from "@/lib/callbacks/enqueue-event";
import type { Prisma, Tx } from "@/lib/db";

/**
 * Queues an `access.revoked` callback for the app inside the revocation's own
 * transaction, so the app hears of it exactly when the revocation commits.
 * The compliance officer's free-text reason is not sent: the event says what
 * was revoked, the app page says the rest.
 */
export async function announceRevocation(tx: Tx, appId: string, data: Prisma.InputJsonObject & { what: string }): Promise<void> {
  const app = await tx.app.findUnique({ where: { id: appId }, select: { organisationId: true } });
  if (!app) return;
  await enqueueEvent(tx, { organisationId: app.organisationId, appId, type: "access.revoked", data: { appId, ...data } });
}
