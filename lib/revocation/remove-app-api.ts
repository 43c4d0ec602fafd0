import { getDb } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { publishChange } from "@/lib/broadcast/change-bus";
import { notFound } from "@/lib/errors";
import { parseId, parseReason } from "./reason";
import { grantScopes } from "@/lib/db/json-columns";

/**
 * Compliance removes one API version from an app's grant in force (an AppApi
 * row). Tokens already issued keep their scope strings, but the gateway
 * checks the grant in force on each call, so calls to that API are refused
 * as soon as the app event reaches it.
 */
export async function removeAppApi(options: { actor: Actor; appId: string; apiVersionId: string; unverifiedReason: unknown }) {
  const { actor } = options;
  requireRole(actor, "compliance");
  const reason = parseReason(options.unverifiedReason);
  const appId = parseId(options.appId, "This app has no such API in its grant");
  const apiVersionId = parseId(options.apiVersionId, "This app has no such API in its grant");
  await getDb().$transaction(async (tx) => {
    const row = await tx.appApi.findUnique({
      where: { appId_apiVersionId: { appId, apiVersionId } },
      select: { scopes: true, apiVersion: { select: { version: true, api: { select: { slug: true } } } } },
    });
    if (!row) throw notFound("This app has no such API in its grant");
    await tx.appApi.delete({ where: { appId_apiVersionId: { appId, apiVersionId } } });
    await tx.app.update({ where: { id: appId }, data: { revision: { increment: 1 } } });
    await recordAuditEvent(tx, {
      actor,
      action: "grant.remove_api",
      targetType: "app",
      targetId: appId,
      reason,
      details: { apiVersionId, api: row.apiVersion.api.slug, version: row.apiVersion.version, scopes: grantScopes(row.scopes) },
    });
  });
  await publishChange({ kind: "app", appId });
  return { appId, apiVersionId };
}
