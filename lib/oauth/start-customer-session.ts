// A sandbox customer signs in on their access dashboard (the gateway's
// /sandbox-bank/access pages): the same test credentials as on the
// authorization page (login id cus_…, the sandbox password). Returns a
// session token for the cookie and a CSRF token for the forms, both shown
// once and stored only as their SHA-256; the session lives 15 minutes.
// Security-critical: one answer for every failure (unknown login id, wrong
// password), like the authorization page's sign-in.
import { auditedChange } from "@/lib/audit/audited-change";
import type { Db } from "@/lib/db";
import { hashOpaqueSecret, newOpaqueSecret } from "@/lib/secrets/opaque-secret";
import { isSandboxCustomerPassword } from "./sandbox-customer-password";
import { NOT_RECOGNISED } from "./sign-in-sandbox-customer";

export const CUSTOMER_SESSION_SECONDS = 15 * 60;

export type CustomerSessionStart = { signedIn: true; sessionToken: string; csrfToken: string } | { signedIn: false; message: string };

export async function startCustomerSession(options: { db: Db; unverifiedLoginId: string | undefined; unverifiedPassword: string | undefined; ip?: string; now?: Date }): Promise<CustomerSessionStart> {
  const { db } = options;
  const now = options.now ?? new Date();
  const loginId = (options.unverifiedLoginId ?? "").trim();
  const passwordOk = isSandboxCustomerPassword(options.unverifiedPassword ?? "");
  const customer = loginId ? await db.sandboxCustomer.findUnique({ where: { customerRef: loginId }, select: { id: true, customerRef: true } }) : null;
  if (!customer || !passwordOk) return { signedIn: false, message: NOT_RECOGNISED };
  const sessionToken = newOpaqueSecret("pcd_");
  const csrfToken = newOpaqueSecret("pcc_");
  // Expired sessions go as new ones come (indexed by expiresAt): the table stays small without a schedule of its own.
  await db.sandboxCustomerSession.deleteMany({ where: { expiresAt: { lte: now } } });
  await auditedChange({
    db,
    actor: { kind: "customer", customerId: customer.id, label: `sandbox customer ${customer.customerRef}`, ip: options.ip },
    roles: ["customer"],
    change: async (tx) => {
      const session = await tx.sandboxCustomerSession.create({
        data: { tokenHash: hashOpaqueSecret(sessionToken), csrfHash: hashOpaqueSecret(csrfToken), customerId: customer.id, expiresAt: new Date(now.getTime() + CUSTOMER_SESSION_SECONDS * 1000) },
        select: { id: true },
      });
      return { result: undefined, audit: [{ action: "sandbox.customer_session_start" as const, targetId: session.id }] };
    },
  });
  return { signedIn: true, sessionToken, csrfToken };
}
