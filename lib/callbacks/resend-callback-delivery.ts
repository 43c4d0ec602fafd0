import { appWhereForActor } from "@/lib/apps/app-scope";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { conflict, notFound } from "@/lib/errors";

/**
 * A developer sends one delivery again: a new outbox row with the same event
 * (same webhook-id, so a receiver that kept it sees a duplicate) due now; the
 * original row stays as the record of what happened.
 */
export async function resendCallbackDelivery(options: { actor: Actor; appId: string; deliveryId: string; now?: Date }) {
  const now = options.now ?? new Date();
  return auditedChange({
    actor: options.actor,
    roles: resendCallbackDelivery.roles,
    change: async (tx, actor) => {
      const app = await tx.app.findFirst({ where: appWhereForActor(actor, options.appId), select: { id: true, status: true } });
      if (!app) throw notFound("App not found");
      if (app.status === "suspended") throw conflict("This app is suspended. Contact the bank.");
      const original = await tx.callbackDelivery.findFirst({ where: { id: options.deliveryId, appId: app.id } });
      if (!original) throw notFound("No such delivery");
      const copy = await tx.callbackDelivery.create({
        data: {
          eventId: original.eventId,
          organisationId: original.organisationId,
          appId: app.id,
          endpointId: original.endpointId,
          type: original.type,
          payload: original.payload ?? {},
          nextAttemptAt: now,
          createdAt: now,
        },
      });
      return {
        result: { id: copy.id, eventId: copy.eventId },
        audit: [{ action: "callback.resend", targetId: app.id, details: { deliveryId: original.id, newDeliveryId: copy.id, eventId: original.eventId, type: original.type } }],
      };
    },
  });
}
resendCallbackDelivery.roles = ["developer"] as const;
