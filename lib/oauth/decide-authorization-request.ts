// The signed-in sandbox customer answers the consent page. Approve: an
// authorization code bound to the client, redirect URI, PKCE challenge,
// customer and chosen accounts (those among the customer's accounts that
// the app's grant allows) goes back to the redirect URI with state and iss.
// Deny: error=access_denied. Either way the request is spent, and the
// answer is audited (sandbox.consent_approve / sandbox.consent_deny).
// @see RFC 6749 §4.1.2 (code: short-lived, single use), §4.1.2.1 (errors by
// redirect), RFC 9207 §2 (iss in the authorization response), RFC 7636 §4.4.
// RFC 9396: a payment_initiation consent needs the debtor account the
// customer chose (in the payment's currency), stored into the details.
// Security-critical: the code is stored only as its SHA-256 and lives 60 s;
// answering is one conditional update, so two answers cannot both count.
import type { AppGrant } from "@/lib/access/load-app-grant";
import { normaliseAccountRef } from "@/lib/access/load-app-grant";
import { auditedChange } from "@/lib/audit/audited-change";
import { systemActor } from "@/lib/authz/actor";
import type { Db } from "@/lib/db";
import { storedAuthorizationDetails, type AuthorizationDetail } from "@/lib/db/json-columns";
import { paymentInitiationOf } from "./authorization-details";
import { hashOpaqueSecret, newOpaqueSecret } from "@/lib/secrets/opaque-secret";
import { AuthorizationPageError } from "./authorization-page-error";
import { findAuthorizationRequest } from "./find-authorization-request";
import { consentView, type ConsentView } from "./sign-in-sandbox-customer";

/** RFC 6749 §4.1.2 recommends at most 10 minutes; a code is redeemed by a server at once. */
export const AUTHORIZATION_CODE_LIFETIME_SECONDS = 60;
export const AUTHORIZATION_CODE_PREFIX = "pac_";

export type DecisionResult = { redirectTo: string } | { redirectTo?: undefined; consent: ConsentView; message: string };

export async function decideAuthorizationRequest(options: {
  db: Db;
  issuer: string;
  requestUri: string | undefined;
  csrf: { field: string | undefined; cookie: string | undefined };
  unverifiedDecision: string | undefined;
  /** The account ids ticked on the consent page. */
  unverifiedAccountIds: string[];
  /** RFC 9396 payment_initiation: the account the customer chose to pay from. */
  unverifiedDebtorAccountId?: string;
  loadGrant: (appId: string) => Promise<AppGrant | null>;
  /** The browser's address, kept on the audit record. */
  ip?: string;
  now?: Date;
}): Promise<DecisionResult> {
  const { db } = options;
  const now = options.now ?? new Date();
  const row = await findAuthorizationRequest({ db, requestUri: options.requestUri, csrf: options.csrf, now });
  if (!row.customerId) throw new AuthorizationPageError("Sign in first: start again from the app.");

  const details = storedAuthorizationDetails(row.authorizationDetails);
  const redirect = new URL(row.redirectUri);
  const answer = (params: Record<string, string>) => {
    for (const [name, value] of Object.entries(params)) redirect.searchParams.set(name, value);
    if (row.state !== null) redirect.searchParams.set("state", row.state);
    redirect.searchParams.set("iss", options.issuer);
    return { redirectTo: redirect.toString() };
  };
  // The answer and its audit record in one transaction; the actor is the customer (a sandbox persona, not a portal user).
  const spend = (data: { accounts?: string[]; codeHash?: string; codeExpiresAt?: Date; authorizationDetails?: AuthorizationDetail[] }, accountIds: string[]) =>
    auditedChange({
      db,
      roles: "anyone",
      change: async (tx) => {
        const { authorizationDetails, ...rest } = data;
        const spent = await tx.authorizationRequest.updateMany({
          where: { id: row.id, decidedAt: null },
          data: { decidedAt: now, ...rest, ...(authorizationDetails ? { authorizationDetails: authorizationDetails as never } : {}) },
        });
        if (spent.count !== 1) throw new AuthorizationPageError("This request has already been answered: start again from the app.");
        const customer = await tx.sandboxCustomer.findUniqueOrThrow({ where: { id: row.customerId! }, select: { customerRef: true } });
        return {
          result: undefined,
          audit: [
            {
              actor: systemActor(`sandbox customer ${customer.customerRef}`, options.ip),
              action: data.codeHash ? ("sandbox.consent_approve" as const) : ("sandbox.consent_deny" as const),
              targetId: row.appId,
              // Account ids only: IBANs and account numbers never go into the trail.
              details: {
                authorizationRequestId: row.id,
                customerRef: customer.customerRef,
                scope: row.scope,
                accountIds,
                // RFC 9396: which kinds of consent were given (the amounts and creditors stay on the request row).
                ...(details ? { authorizationDetailsTypes: details.map((d) => d.type) } : {}),
              },
            },
          ],
        };
      },
    });

  if (options.unverifiedDecision === "deny") {
    await spend({}, []);
    return answer({ error: "access_denied", error_description: "The customer did not consent" });
  }
  if (options.unverifiedDecision !== "approve") throw new AuthorizationPageError("Choose Allow or Deny.");

  const grant = await options.loadGrant(row.appId);
  const payment = paymentInitiationOf(details);
  const access = details?.find((d) => d.type === "account_access");
  const again = async (message: string) => ({ consent: await consentView({ db, requestId: row.id, loadGrant: options.loadGrant }), message });
  // A payment's debtor is one more chosen account (a payment-only consent shows no account list).
  const debtorId = payment ? options.unverifiedDebtorAccountId : undefined;
  if (payment && !debtorId) return again("Choose the account to pay from.");
  const wanted = new Set([...options.unverifiedAccountIds, ...(debtorId ? [debtorId] : [])]);
  const customerAccounts = await db.sandboxAccount.findMany({
    where: { customerId: row.customerId, organisationId: row.app.organisationId, accountId: { in: [...wanted] } },
    select: { accountId: true, iban: true, currency: true },
  });
  // The token's accounts: the customer's choice ∩ the app's grant, as normalised refs (both id and IBAN).
  const chosen = customerAccounts.filter((a) => grant?.accounts.has(normaliseAccountRef("id", a.accountId)));
  if (!chosen.length || chosen.length !== wanted.size) return again("Choose at least one of your accounts that the app may use.");
  // RFC 9396: an account_access entry naming accounts allows those only (the debtor of a payment aside).
  if (access?.accounts && options.unverifiedAccountIds.some((id) => !access.accounts!.includes(id))) return again(`The app asks for these accounts only: ${access.accounts.join(", ")}.`);
  if (payment && chosen.find((a) => a.accountId === debtorId)!.currency !== payment.instructedAmount.currency) {
    return again(`Pay from an account in ${payment.instructedAmount.currency}.`);
  }
  const code = newOpaqueSecret(AUTHORIZATION_CODE_PREFIX);
  await spend({
    accounts: chosen.flatMap((a) => [normaliseAccountRef("id", a.accountId), normaliseAccountRef("iban", a.iban)]),
    codeHash: hashOpaqueSecret(code),
    codeExpiresAt: new Date(now.getTime() + AUTHORIZATION_CODE_LIFETIME_SECONDS * 1000),
    // RFC 9396 §7: the bank enriches the consented details with what the customer chose.
    ...(details && debtorId ? { authorizationDetails: details.map((d) => (d.type === "payment_initiation" ? { ...d, debtorAccount: { accountId: debtorId } } : d)) } : {}),
  }, chosen.map((a) => a.accountId));
  return answer({ code });
}
