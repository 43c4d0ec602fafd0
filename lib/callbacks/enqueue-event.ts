// The one way anything raises a sandbox event for an app. It writes outbox
// rows (CallbackDelivery) inside the caller's transaction, so an event exists
// exactly when the change that caused it commits; the worker
// (deliver-callbacks.ts) sends them afterwards. lib/sandbox and
// lib/revocation call it from their own auditedChange.
import { randomUUID } from "node:crypto";
import { directReadAll, type DirectRead, type Prisma, type Tx } from "@/lib/db";
import type { CallbackEventType } from "./event-types";

export type SandboxEvent = {
  organisationId: string;
  appId: string;
  type: CallbackEventType;
  /** The event's own fields; never secrets, never raw account numbers (account ids are fine). */
  data: Prisma.InputJsonObject;
  now?: Date;
};

/**
 * The app's endpoints subscribed to one event type, the JSON array of types
 * searched in the query: a hand-written read (lib/db/direct-read.ts), since
 * it runs inside every sandbox payment and Prisma's findMany was the largest
 * share of that payment's CPU time (README "Benchmark", (f)).
 */
const SUBSCRIBED_ENDPOINTS: DirectRead<{ id: string }> = {
  name: "callbacks_subscribed_endpoints",
  sql: ({ table, param, dialect }) =>
    `SELECT "id" FROM ${table("CallbackEndpoint")} AS e WHERE e."appId" = ${param(1)} AND EXISTS (SELECT 1 FROM ${
      dialect === "postgres" ? `json_array_elements_text(e."events") AS t(type) WHERE t.type = ${param(2)}` : `json_each(e."events") WHERE json_each.value = ${param(2)}`
    }) ORDER BY e."id"`,
  decode: (row) => ({ id: row.id as string }),
};

/** Queues the event for every endpoint of the app that subscribed to its type. Returns the event id (the webhook-id header) and how many deliveries it queued. */
export async function enqueueEvent(tx: Tx, event: SandboxEvent): Promise<{ eventId: string; deliveries: number }> {
  const now = event.now ?? new Date();
  const eventId = `evt_${randomUUID().replaceAll("-", "")}`;
  const subscribed = await directReadAll(tx, SUBSCRIBED_ENDPOINTS, [event.appId, event.type]);
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
