// The sandbox customer signs out of their access dashboard: the session row
// goes, audited as sandbox.customer_session_end (actor: the customer).
import { auditedChange } from "@/lib/audit/audited-change";
import type { Db } from "@/lib/db";
import { hashOpaqueSecret } from "@/lib/secrets/opaque-secret";
import type { CustomerSession } from "./find-customer-session";

export async function endCustomerSession(options: { db: Db; session: CustomerSession; sessionToken: string; ip?: string }) {
  const { session } = options;
  await auditedChange({
    db: options.db,
    actor: { kind: "customer", customerId: session.customerId, label: `sandbox customer ${session.customerRef}`, ip: options.ip },
    roles: ["customer"],
    change: async (tx) => {
      const row = await tx.sandboxCustomerSession.findUnique({ where: { tokenHash: hashOpaqueSecret(options.sessionToken) }, select: { id: true } });
      if (row) await tx.sandboxCustomerSession.delete({ where: { id: row.id } });
      return { result: undefined, audit: row ? [{ action: "sandbox.customer_session_end" as const, targetId: row.id }] : [] };
    },
  });
}
