import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { publishChange } from "@/lib/broadcast/change-bus";
import { conflict, notFound } from "@/lib/errors";
import { parseId, parseReason } from "./reason";
import { suspendAppsInTx } from "./suspend-apps-in-tx";

/**
 * Compliance suspends an app: its tokens stop working at the next gateway
 * request and it cannot get new ones until an admin AND a compliance officer
 * reinstate it (approve-app-reinstatement.ts).
 */
export async function suspendApp(options: { actor: Actor; appId: string; unverifiedReason: unknown }) {
  const { actor } = options;
  requireRole(actor, "compliance");
  const reason = parseReason(options.unverifiedReason);
  const appId = parseId(options.appId, "No such app");
  await getDb().$transaction(async (tx) => {
    const app = await tx.app.findUnique({ where: { id: appId }, select: { id: true, status: true } });
    if (!app) throw notFound("No such app");
    if (app.status === "suspended") throw conflict("This app is already suspended");
    const changed = await suspendAppsInTx(tx, { actor, appIds: [app.id], reason, cause: "app" });
    if (changed.length === 0) throw conflict("The app changed meanwhile; reload and try again");
  });
  await publishChange({ kind: "app", appId });
  return { appId, status: "suspended" as const };
}
