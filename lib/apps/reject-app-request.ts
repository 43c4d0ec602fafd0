import { z } from "zod";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { conflict, notFound, parseInput } from "@/lib/errors";
import { notifyAppDevelopers } from "./app-notifications";
import { appStatusAfter, nextRequestStatus } from "./app-state";

const rejectionSchema = z.object({ reason: z.string().trim().min(10, "Give the developer a reason they can act on (at least 10 characters)").max(2000) }).strict();

/**
 * An admin rejects a pending request, always with a reason the developer
 * sees. A rejected change request leaves the grant in force untouched.
 */
export async function rejectAppRequest(options: { actor: Actor; appId: string; requestId: string; unverifiedInput: unknown }) {
  const { reason } = parseInput(rejectionSchema, options.unverifiedInput, "A reason is required to reject");
  return auditedChange({
    actor: options.actor,
    roles: rejectAppRequest.roles,
    change: async (tx, actor) => {
      const request = await tx.appRequest.findFirst({ where: { id: options.requestId, appId: options.appId }, include: { app: true } });
      if (!request) throw notFound("Request not found");
      const status = nextRequestStatus(request.status, "reject");
      const moved = await tx.appRequest.updateMany({
        where: { id: request.id, status: "pending", revision: request.revision },
        data: { status, rejectionReason: reason, decidedAt: new Date(), decidedById: actor.id, revision: { increment: 1 } },
      });
      if (moved.count !== 1) throw conflict("Another admin acted on this request at the same moment. Reload to see its state.");
      const { app } = request;
      await tx.app.update({ where: { id: app.id }, data: { status: appStatusAfter(app, status), revision: { increment: 1 } } });
      await notifyAppDevelopers(tx, {
        organisationId: app.organisationId,
        message: `${request.kind === "change" ? "Your change request for " : ""}${app.name} was rejected: ${reason}`,
        link: `/apps/${app.id}`,
        mail: { event: "app_decision", subject: `${app.name} was rejected` },
      });
      return {
        result: { requestId: request.id, status },
        audit: [{ action: "app.reject", targetId: app.id, reason, details: { requestId: request.id, kind: request.kind } }],
      };
    },
  });
}
rejectAppRequest.roles = ["admin"] as const;
