// The one way anything raises a sandbox event for an app. It writes outbox
// rows (CallbackDelivery) inside the caller's transaction, so an event exists
// exactly when the change that caused it commits; the worker
// (deliver-callbacks.ts) sends them afterwards. lib/sandbox and
// lib/revocation call it from their own auditedChange.
import { randomUUID } from "node:crypto";
import type { Prisma, Tx } from "@/lib/db";
import type { CallbackEventType } from "./event-types";

export type SandboxEvent = {
  organisationId: string;
  appId: string;
  type: CallbackEventType;
  /** The event's own fields; never secrets, never raw account numbers (account ids are fine). */
  data: Prisma.InputJsonObject;
  now?: Date;
};

/** Queues the event for every endpoint of the app that subscribed to its type. Returns the event id (the webhook-id header) and how many deliveries it queued. */
export async function enqueueEvent(tx: Tx, event: SandboxEvent): Promise<{ eventId: string; deliveries: number }> {
  const now = event.now ?? new Date();
  const eventId = `evt_${randomUUID().replaceAll("-", "")}`;
  const endpoints = await tx.callbackEndpoint.findMany({ where: { appId: event.appId }, select: { id: true, events: true } });
  const subscribed = endpoints.filter((e) => (e.events as string[]).includes(event.type));
  if (subscribed.length === 0) return { eventId, deliveries: 0 };
  const payload = { type: event.type, timestamp: now.toISOString(), data: event.data };
  await tx.callbackDelivery.createMany({
    data: subscribed.map((e) => ({
      eventId,
      organisationId: event.organisationId,
      appId: event.appId,
      endpointId: e.id,
      type: event.type,
      payload,
      nextAttemptAt: now,
      createdAt: now,
    })),
  });
  return { eventId, deliveries: subscribed.length };
}
