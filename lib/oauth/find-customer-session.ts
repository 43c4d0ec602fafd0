// The signed-in sandbox customer of an access-dashboard request: the session
// cookie's token looked up by its hash, not expired; for a form post, the
// form's CSRF token must match the session's (synchroniser token).
// Security-critical: tokens compared only as hashes (constant time for the CSRF).
import type { Db } from "@/lib/db";
import { hashOpaqueSecret, sameHash } from "@/lib/secrets/opaque-secret";
import { AuthorizationPageError } from "./authorization-page-error";

export type CustomerSession = { customerId: string; customerRef: string; customerName: string };

/** Null when there is no live session (the page shows the sign-in form); throws when a form's CSRF token does not match. */
export async function findCustomerSession(options: { db: Db; sessionToken: string | undefined; csrf?: { field: string | undefined }; now?: Date }): Promise<CustomerSession | null> {
  if (!options.sessionToken) return null;
  const now = options.now ?? new Date();
  const row = await options.db.sandboxCustomerSession.findUnique({
    where: { tokenHash: hashOpaqueSecret(options.sessionToken) },
    select: { csrfHash: true, expiresAt: true, customer: { select: { id: true, customerRef: true, name: true } } },
  });
  if (!row || row.expiresAt <= now) return null;
  if (options.csrf) {
    const field = options.csrf.field;
    if (!field || !sameHash(hashOpaqueSecret(field), row.csrfHash)) throw new AuthorizationPageError("This form has expired or was not sent from your access page: open the page again.");
  }
  return { customerId: row.customer.id, customerRef: row.customer.customerRef, customerName: row.customer.name };
}
