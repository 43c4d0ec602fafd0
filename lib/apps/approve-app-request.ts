import { auditedChange, type Change } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import type { Tx } from "@/lib/db";
import { newClientId } from "./client-id";
import { conflict, notFound } from "@/lib/errors";
import { getBankSettings } from "@/lib/settings/bank-settings";
import { notifyAdmins, notifyAppDevelopers } from "./app-notifications";
import { appStatusAfter, nextRequestStatus } from "./app-state";
import { readRequestContent } from "./request-content";
import { validateGrantChoices } from "./validate-grant-choices";

export type ApprovalOutcome =
  | { state: "approved"; clientId: string }
  | { state: "awaiting_second_approval"; approvals: number; required: number };

/**
 * An admin approves a pending request. With maker-checker on, the first
 * approval is recorded and the second, by a different admin, finalises.
 * Finalising copies the request into the grant (AppApi/AppAccount) in this
 * one transaction and, on the first approval of the app, gives it a
 * client_id. The client secret is not made here: the developer generates it
 * and sees it exactly once (lib/credentials/issue-client-secret.ts).
 *
 * Security-critical race: two admins approving at once must produce one
 * decision and one credential set. Every approval moves the request's
 * revision with a conditional update (status pending AND the revision read),
 * so the database lets exactly one of two concurrent transactions through
 * (a row lock on PostgreSQL, the single writer on SQLite); the loser gets 409.
 */
export async function approveAppRequest(options: { actor: Actor; appId: string; requestId: string }): Promise<ApprovalOutcome> {
  return auditedChange({
    actor: options.actor,
    roles: approveAppRequest.roles,
    change: (tx, actor) => approveRequestIn(tx, actor, options),
  });
}
approveAppRequest.roles = ["admin"] as const;

/** Who approves: an admin, or the bank's self-service policy (lib/apps/self-service-policy.ts), which names the setting and the APIs it relied on. */
export type Approver = Extract<Actor, { kind: "user" }> | { kind: "policy"; actor: Extract<Actor, { kind: "system" }>; setting: string; apis: string[] };

/**
 * The approval itself, inside the caller's transaction: an admin's through
 * approveAppRequest, the policy's from submitAppRequest in the submission's
 * own transaction (so a self-service app is never seen pending). A policy
 * approval is final at once — maker-checker governs people's approvals; the
 * policy is the bank's decision made beforehand — and records no AppApproval.
 */
export async function approveRequestIn(tx: Tx, approver: Approver, options: { appId: string; requestId: string }): Promise<Change<ApprovalOutcome>> {
  const actor = approver.kind === "policy" ? approver.actor : approver;
  const admin = approver.kind === "policy" ? null : approver;
  // The audit record says it was policy, which setting and which APIs it relied on.
  const policy = approver.kind === "policy" ? { decidedBy: "policy", setting: approver.setting, selfServiceApis: approver.apis } : {};
  const request = await tx.appRequest.findFirst({
    where: { id: options.requestId, appId: options.appId },
    include: { app: true, approvals: { select: { adminId: true } } },
  });
  if (!request) throw notFound("Request not found");
  const { app } = request;
  nextRequestStatus(request.status, "approve");
  if (app.status === "suspended") throw conflict("This app is suspended; reinstate it before approving changes");
  if (admin && request.approvals.some((a) => a.adminId === admin.id)) {
    throw conflict("You have already approved this request; a different admin must give the second approval");
  }
  const settings = await getBankSettings(tx);
  // Re-check against today's catalogue and policy: a version may have been retired meanwhile.
  const content = await readRequestContent(tx, request.id);
  const choices = await validateGrantChoices({ tx, organisationId: app.organisationId, settings, choices: content });

  const required = admin && settings.makerChecker ? 2 : 1;
  const approvals = request.approvals.length + 1;
  const final = approvals >= required;
  const now = new Date();
  const moved = await tx.appRequest.updateMany({
    where: { id: request.id, status: "pending", revision: request.revision },
    data: final ? { status: "approved", decidedAt: now, decidedById: admin?.id ?? null, revision: { increment: 1 } } : { revision: { increment: 1 } },
  });
  if (moved.count !== 1) throw conflict("Another admin acted on this request at the same moment. Reload to see its state.");
  if (admin) await tx.appApproval.create({ data: { requestId: request.id, adminId: admin.id } });

  if (!final) {
    await notifyAdmins(tx, { message: `${app.name} needs a second approval`, link: `/admin/apps/${app.id}`, exceptUserId: admin?.id });
    return {
      result: { state: "awaiting_second_approval" as const, approvals, required },
      audit: [{ action: "app.approve", targetId: app.id, details: { requestId: request.id, kind: request.kind, approvals, required, final: false } }],
    };
  }

  // The new grant replaces the old one in the same transaction: never a moment with both or neither.
  await tx.appApi.deleteMany({ where: { appId: app.id } });
  await tx.appAccount.deleteMany({ where: { appId: app.id } });
  if (choices.apis.length) await tx.appApi.createMany({ data: choices.apis.map((a) => ({ appId: app.id, apiVersionId: a.apiVersionId, scopes: a.scopes })) });
  if (choices.accountIds.length) await tx.appAccount.createMany({ data: choices.accountIds.map((accountId) => ({ appId: app.id, accountId })) });
  const clientId = app.clientId ?? newClientId();
  await tx.app.update({
    where: { id: app.id },
    data: { clientId, allAccounts: choices.allAccounts, status: appStatusAfter(app, "approved"), revision: { increment: 1 } },
  });
  await notifyAppDevelopers(tx, {
    organisationId: app.organisationId,
    message: request.kind === "change" ? `Your change request for ${app.name} was approved; the new access is in force.` : `${app.name} was approved. Generate its client secret to start calling the sandbox.`,
    link: `/apps/${app.id}`,
    mail: { event: "app_decision", subject: `${app.name} was approved` },
  });
  return {
    result: { state: "approved" as const, clientId },
    audit: [
      {
        action: "app.approve",
        actor,
        targetId: app.id,
        details: { requestId: request.id, kind: request.kind, approvals, required, final: true, apis: choices.apis, accounts: choices.accountIds.length, allAccounts: choices.allAccounts, ...policy },
      },
      ...(app.clientId ? [] : [{ action: "credential.issue", actor, targetId: app.id, details: { clientId } } as const]),
    ],
    publish: [{ kind: "app", appId: app.id }],
  };
}
