import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { conflict, notFound } from "@/lib/errors";
import { appWhereForActor } from "./app-scope";
import { appStatusAfter, nextRequestStatus } from "./app-state";

/** A developer takes a request back out of the review queue (to change it, or because it is no longer needed). */
export async function withdrawAppRequest(options: { actor: Actor; appId: string }) {
  return auditedChange({
    actor: options.actor,
    roles: withdrawAppRequest.roles,
    change: async (tx, actor) => {
      const app = await tx.app.findFirst({ where: appWhereForActor(actor, options.appId) });
      if (!app) throw notFound("App not found");
      const request = await tx.appRequest.findFirst({ where: { appId: app.id, status: "pending" } });
      if (!request) throw conflict("There is no request waiting for review");
      const status = nextRequestStatus(request.status, "withdraw");
      const moved = await tx.appRequest.updateMany({
        where: { id: request.id, status: "pending", revision: request.revision },
        data: { status, decidedAt: new Date(), revision: { increment: 1 } },
      });
      if (moved.count !== 1) throw conflict("The request was decided meanwhile. Reload to see its state.");
      await tx.app.update({ where: { id: app.id }, data: { status: appStatusAfter(app, status), revision: { increment: 1 } } });
      return {
        result: { requestId: request.id, status },
        audit: [{ action: "app.withdraw", targetId: app.id, details: { requestId: request.id, kind: request.kind } }],
      };
    },
  });
}
withdrawAppRequest.roles = ["developer"] as const;
