// The sandbox customers' test password. Sandbox customers are made-up people
// of an organisation's sandbox bank; their developers sign in as them to
// rehearse a consent. Their login id is the customer's reference (cus_…,
// shown on the sandbox data page) and every one of them has this one
// documented password: it is public by design (shown in the portal and the
// README), grants nothing outside the sandbox, and works only for customers
// of the organisation whose app asks (lib/oauth/sign-in-sandbox-customer.ts).
import { hashOpaqueSecret, sameHash } from "@/lib/secrets/opaque-secret";

export const SANDBOX_CUSTOMER_PASSWORD = "sandbox-customer";

const expected = hashOpaqueSecret(SANDBOX_CUSTOMER_PASSWORD);

/** Compared through hashes of equal length in constant time. */
export function isSandboxCustomerPassword(unverifiedPassword: string): boolean {
  return sameHash(hashOpaqueSecret(unverifiedPassword), expected);
}
