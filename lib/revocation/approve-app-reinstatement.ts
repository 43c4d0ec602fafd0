import type { Db } from "@/lib/db";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { conflict, notFound } from "@/lib/errors";
import { parseId, parseReason } from "./reason";
import { auditDetails } from "@/lib/db/json-columns";
import { APP_STATUSES } from "@/lib/apps/app-state";
import { notifyAppDevelopers } from "@/lib/apps/app-notifications";

export type ReinstatementState = {
  suspendedAt: Date | null;
  /** Roles that have approved since the latest suspension */
  approvedBy: { role: "admin" | "compliance"; label: string; at: Date }[];
};

/**
 * Two-party reinstatement, backed by the audit trail rather than extra rows:
 * the approvals that count are the `app.reinstate.approve` records written
 * after the app's latest `app.suspend` record. The trail is append-only and
 * hash-chained, so an approval can be neither forged after the fact nor
 * quietly removed.
 */
export async function reinstatementState(db: Pick<Db, "auditEvent">, appId: string): Promise<ReinstatementState> {
  const suspension = await db.auditEvent.findFirst({
    where: { action: "app.suspend", targetType: "app", targetId: appId },
    orderBy: { seq: "desc" },
    select: { seq: true, at: true },
  });
  if (!suspension) return { suspendedAt: null, approvedBy: [] };
  const approvals = await db.auditEvent.findMany({
    where: { action: "app.reinstate.approve", targetType: "app", targetId: appId, seq: { gt: suspension.seq } },
    orderBy: { seq: "asc" },
    select: { actorRole: true, actorLabel: true, at: true },
  });
  return {
    suspendedAt: suspension.at,
    // Only the two staff roles approve (approveAppReinstatement checks it).
    approvedBy: approvals.flatMap((a) => (a.actorRole === "admin" || a.actorRole === "compliance" ? [{ role: a.actorRole, label: a.actorLabel, at: a.at }] : [])),
  };
}

/**
 * An admin or a compliance officer approves reinstating a suspended app.
 * The first approval is recorded; the approval of the other role restores
 * the status the app had before suspension. One person cannot do both (they
 * hold one role), and a second approval by the same role is refused.
 *
 * An app is suspended because something went wrong, often a leaked
 * credential, so it comes back without the client secrets it had: every
 * secret still in force is revoked with the reinstatement, and the app gets
 * tokens again only once its developers have issued a new secret (the app
 * page says so, and they are notified). Issuing is refused while the app is
 * suspended, so every such secret predates the suspension.
 */
export async function approveAppReinstatement(options: { actor: Actor; appId: string; unverifiedReason: unknown }) {
  const reason = parseReason(options.unverifiedReason);
  const appId = parseId(options.appId, "No such app");
  return auditedChange({
    actor: options.actor,
    roles: approveAppReinstatement.roles,
    change: async (tx, actor) => {
      const app = await tx.app.findUnique({
        where: { id: appId },
        select: { id: true, name: true, status: true, revision: true, organisationId: true, organisation: { select: { status: true } }, owner: { select: { status: true } } },
      });
      if (!app) throw notFound("No such app");
      if (app.status !== "suspended") throw conflict("This app is not suspended");
      if (app.organisation.status !== "active") throw conflict("The app's organisation is suspended; it must be reinstated first");
      if (app.owner.status !== "active") throw conflict("The app's owner is suspended; they must be reinstated first");
      const state = await reinstatementState(tx, app.id);
      if (state.approvedBy.some((a) => a.role === actor.role)) {
        throw conflict(`A${actor.role === "admin" ? "n admin" : " compliance officer"} has already approved; the other role must approve now`);
      }
      // Every step bumps the revision, so two approvals racing each other
      // cannot both read "no approval yet" and both stop short.
      const bumped = await tx.app.updateMany({ where: { id: app.id, revision: app.revision, status: "suspended" }, data: { revision: { increment: 1 } } });
      if (bumped.count === 0) throw conflict("The app changed meanwhile; reload and try again");
      const approval = { action: "app.reinstate.approve", targetId: app.id, reason, details: { name: app.name } } as const;
      if (state.approvedBy.length === 0) return { result: { appId, reinstated: false, status: "suspended", secretsRevoked: 0 }, audit: [approval] };
      const suspension = await tx.auditEvent.findFirst({
        where: { action: "app.suspend", targetType: "app", targetId: app.id },
        orderBy: { seq: "desc" },
        select: { details: true },
      });
      const previous = auditDetails(suspension?.details ?? {}).previousStatus;
      const status = APP_STATUSES.find((s) => s === previous && s !== "suspended") ?? "approved";
      await tx.app.update({ where: { id: app.id }, data: { status, suspendedReason: null, revision: { increment: 1 } } });
      const now = new Date();
      const secrets = await tx.clientSecret.findMany({ where: { appId: app.id, revokedAt: null }, select: { id: true, hint: true } });
      if (secrets.length) await tx.clientSecret.updateMany({ where: { id: { in: secrets.map((s) => s.id) }, revokedAt: null }, data: { revokedAt: now } });
      await notifyAppDevelopers(tx, {
        organisationId: app.organisationId,
        message: `${app.name} is reinstated (${reason}).${secrets.length ? " Its previous client secrets were revoked: generate a new secret to get tokens again." : ""}`,
        link: `/apps/${app.id}`,
        mail: { event: "compliance_action", subject: `${app.name} is reinstated` },
      });
      return {
        result: { appId, reinstated: true, status, secretsRevoked: secrets.length },
        audit: [
          approval,
          {
            action: "app.reinstate",
            targetId: app.id,
            reason,
            details: {
              name: app.name,
              status,
              approvedBy: [...state.approvedBy.map((a) => a.label), actor.label],
              secretsRevoked: secrets.map((s) => ({ secretId: s.id, hint: s.hint })),
            },
          },
        ],
        publish: [{ kind: "app", appId }],
      };
    },
  });
}
approveAppReinstatement.roles = ["admin", "compliance"] as const;
