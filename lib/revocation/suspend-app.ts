import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { conflict, notFound } from "@/lib/errors";
import { parseId, parseReason } from "./reason";
import { suspendAppsInTx } from "./suspend-apps-in-tx";

/**
 * Compliance suspends an app: its tokens stop working at the next gateway
 * request and it cannot get new ones until an admin AND a compliance officer
 * reinstate it (approve-app-reinstatement.ts).
 */
export async function suspendApp(options: { actor: Actor; appId: string; unverifiedReason: unknown }) {
  const reason = parseReason(options.unverifiedReason);
  const appId = parseId(options.appId, "No such app");
  return auditedChange({
    actor: options.actor,
    roles: suspendApp.roles,
    change: async (tx) => {
      const app = await tx.app.findUnique({ where: { id: appId }, select: { id: true, status: true } });
      if (!app) throw notFound("No such app");
      if (app.status === "suspended") throw conflict("This app is already suspended");
      const suspended = await suspendAppsInTx(tx, { appIds: [app.id], reason, cause: "app" });
      if (suspended.appIds.length === 0) throw conflict("The app changed meanwhile; reload and try again");
      return { result: { appId, status: "suspended" as const }, audit: suspended.audit, publish: [{ kind: "app", appId }] };
    },
  });
}
suspendApp.roles = ["compliance"] as const;
