import { announceRevocation } from "./announce-revocation";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
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
  const reason = parseReason(options.unverifiedReason);
  const appId = parseId(options.appId, "This app has no such API in its grant");
  const apiVersionId = parseId(options.apiVersionId, "This app has no such API in its grant");
  return auditedChange({
    actor: options.actor,
    roles: removeAppApi.roles,
    change: async (tx) => {
      const row = await tx.appApi.findUnique({
        where: { appId_apiVersionId: { appId, apiVersionId } },
        select: { scopes: true, apiVersion: { select: { version: true, api: { select: { slug: true } } } } },
      });
      if (!row) throw notFound("This app has no such API in its grant");
      await tx.appApi.delete({ where: { appId_apiVersionId: { appId, apiVersionId } } });
      await tx.app.update({ where: { id: appId }, data: { revision: { increment: 1 } } });
      await announceRevocation(tx, appId, { what: "api_removed", api: row.apiVersion.api.slug, version: row.apiVersion.version });
      return {
        result: { appId, apiVersionId },
        audit: [
          {
            action: "grant.remove_api",
            targetId: appId,
            reason,
            details: { apiVersionId, api: row.apiVersion.api.slug, version: row.apiVersion.version, scopes: grantScopes(row.scopes) },
          },
        ],
        publish: [{ kind: "app", appId }],
      };
    },
  });
}
removeAppApi.roles = ["compliance"] as const;
