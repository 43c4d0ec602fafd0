import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { conflict, notFound, PorticoError } from "@/lib/errors";
import { getBankSettings } from "@/lib/settings/bank-settings";
import { notifyAdmins } from "./app-notifications";
import { approveRequestIn } from "./approve-app-request";
import { selfServiceDecision } from "./self-service-policy";
import { appWhereForActor } from "./app-scope";
import { appStatusAfter, assertNotSuspended, nextRequestStatus } from "./app-state";
import { readRequestContent } from "./request-content";
import { submissionProblems, validateGrantChoices } from "./validate-grant-choices";

/**
 * A developer sends the app's draft request to the bank's review queue — or,
 * when every API it asks for is self-service and the bank's policy allows
 * it, the request is approved at once by policy in this same transaction,
 * through the same approval an admin gives (approveRequestIn).
 */
export async function submitAppRequest(options: { actor: Actor; appId: string }) {
  return auditedChange({
    actor: options.actor,
    roles: submitAppRequest.roles,
    change: async (tx, actor) => {
      const app = await tx.app.findFirst({ where: appWhereForActor(actor, options.appId) });
      if (!app) throw notFound("App not found");
      assertNotSuspended(app);
      const request = await tx.appRequest.findFirst({ where: { appId: app.id, status: "draft" }, include: { apis: true, _count: { select: { accounts: true } } } });
      if (!request) throw conflict("There is no draft to submit");
      const status = nextRequestStatus(request.status, "submit");
      const problems = submissionProblems({ ...request, accountCount: request._count.accounts });
      if (problems.length) throw new PorticoError("validation_failed", "The request is not complete", { violations: problems });
      // The catalogue or the bank's policy may have changed since the draft was saved.
      const content = await readRequestContent(tx, request.id);
      const settings = await getBankSettings(tx);
      await validateGrantChoices({ tx, organisationId: app.organisationId, settings, choices: content });

      const moved = await tx.appRequest.updateMany({
        where: { id: request.id, status: "draft", revision: request.revision },
        data: { status, submittedAt: new Date(), revision: { increment: 1 } },
      });
      if (moved.count !== 1) throw conflict("The request changed while you submitted it. Reload and try again.");
      await tx.app.update({ where: { id: app.id }, data: { status: appStatusAfter(app, status), revision: { increment: 1 } } });
      const submitted = {
        action: "app.submit" as const,
        targetId: app.id,
        details: { requestId: request.id, kind: request.kind, apis: content.apis, accounts: content.accountIds.length, allAccounts: content.allAccounts },
      };

      const decision = await selfServiceDecision(tx, settings, content.apis.map((a) => a.apiVersionId));
      if (decision.approve) {
        const approval = await approveRequestIn(tx, { kind: "policy", actor: { kind: "system", label: "policy" }, setting: decision.setting, apis: decision.apis }, { appId: app.id, requestId: request.id });
        return { result: { requestId: request.id, status: "approved" as const }, audit: [submitted, ...approval.audit], publish: approval.publish };
      }
      await notifyAdmins(tx, {
        message: `${request.kind === "change" ? "Change request" : "New app"} to review: ${app.name}`,
        link: `/admin/apps/${app.id}`,
      });
      return { result: { requestId: request.id, status }, audit: [submitted] };
    },
  });
}
submitAppRequest.roles = ["developer"] as const;
