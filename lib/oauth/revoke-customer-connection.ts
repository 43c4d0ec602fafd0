// The sandbox customer revokes one app on their access dashboard: every
// consent of theirs to that app loses its access tokens and refresh tokens
// (revokeChainIn per consent), and a code not yet redeemed is spent so it
// can no longer be exchanged. One transaction, audited as
// sandbox.consent_revoke (actor: the customer) plus token.revoke per token;
// the change bus tells every gateway instance after commit, so each refuses
// those tokens at once (lib/access/access-cache.ts).
// Authorization: only the signed-in customer's own consents; another
// customer's app id revokes nothing (and says so, like an unknown one).
import { auditedChange } from "@/lib/audit/audited-change";
import type { Db } from "@/lib/db";
import { AuthorizationPageError } from "./authorization-page-error";
import type { CustomerSession } from "./find-customer-session";
import { revokeChainIn } from "./revoke-authorization-chain";

export async function revokeCustomerConnection(options: { db: Db; session: CustomerSession; unverifiedAppId: string | undefined; ip?: string; now?: Date }) {
  const { session } = options;
  const now = options.now ?? new Date();
  const appId = options.unverifiedAppId ?? "";
  return auditedChange({
    db: options.db,
    actor: { kind: "customer", customerId: session.customerId, label: `sandbox customer ${session.customerRef}`, ip: options.ip },
    roles: ["customer"],
    change: async (tx) => {
      const consents = appId ? await tx.authorizationRequest.findMany({ where: { customerId: session.customerId, appId, codeHash: { not: null } }, select: { id: true, app: { select: { name: true } } } }) : [];
      if (!consents.length) throw new AuthorizationPageError("That app is not connected to your accounts.");
      const audit = [];
      const publish = [];
      for (const consent of consents) {
        const chain = await revokeChainIn(tx, { authorizationRequestId: consent.id, appId, reason: "sandbox.consent_revoke", now });
        audit.push(...chain.audit);
        publish.push(...(chain.publish ?? []));
      }
      await tx.authorizationRequest.updateMany({ where: { id: { in: consents.map((c) => c.id) }, codeUsedAt: null }, data: { codeUsedAt: now } });
      return {
        result: { appName: consents[0]!.app.name, revokedTokens: publish.length },
        audit: [
          { action: "sandbox.consent_revoke" as const, targetId: appId, details: { customerRef: session.customerRef, authorizationRequestIds: consents.map((c) => c.id) } },
          ...audit,
        ],
        publish,
      };
    },
  });
}
