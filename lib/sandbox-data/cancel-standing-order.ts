import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { forbidden, notFound } from "@/lib/errors";

/** A developer cancels a standing order of their organisation's sandbox: no further payments; those made stay. */
export async function cancelStandingOrder(options: { actor: Actor; standingOrderId: string }) {
  return auditedChange({
    actor: options.actor,
    roles: cancelStandingOrder.roles,
    change: async (tx, actor) => {
      const organisationId = actor.organisationId;
      if (!organisationId) throw forbidden("You need an organisation to have a sandbox");
      // Scoped to the actor's organisation in the delete itself: another organisation's order is "not found".
      const deleted = await tx.sandboxStandingOrder.deleteMany({ where: { standingOrderId: options.standingOrderId, debtorAccount: { organisationId } } });
      if (deleted.count !== 1) throw notFound("No such standing order in your organisation's sandbox");
      return {
        result: { standingOrderId: options.standingOrderId, cancelled: true },
        audit: [{ action: "sandbox.standing_order_cancel", targetId: organisationId, details: { standingOrderId: options.standingOrderId } }],
      };
    },
  });
}
cancelStandingOrder.roles = ["developer"] as const;
