import { appWhereForActor } from "@/lib/apps/app-scope";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { getDb } from "@/lib/db";
import { notFound } from "@/lib/errors";

/** An app's callback URLs, its signing secret's hint and its latest deliveries, newest first (scoped in the query). */
export async function listCallbacks(options: { actor: Actor; appId: string; take?: number }) {
  requireRole(options.actor, ...listCallbacks.roles);
  const app = await getDb().app.findFirst({
    where: appWhereForActor(options.actor, options.appId),
    select: {
      id: true,
      callbackSigningKey: { select: { hint: true, createdAt: true } },
      callbackEndpoints: { orderBy: { createdAt: "asc" }, select: { id: true, url: true, events: true, createdAt: true } },
      callbackDeliveries: {
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: options.take ?? 50,
        select: {
          id: true, eventId: true, type: true, status: true, attempts: true, nextAttemptAt: true, lastAttemptAt: true,
          lastStatusCode: true, lastError: true, deliveredAt: true, createdAt: true, endpoint: { select: { url: true } },
        },
      },
    },
  });
  if (!app) throw notFound("App not found");
  return {
    signingSecretHint: app.callbackSigningKey?.hint ?? null,
    endpoints: app.callbackEndpoints.map((e) => ({ ...e, events: e.events as string[] })),
    deliveries: app.callbackDeliveries,
  };
}
listCallbacks.roles = ["developer"] as const;
