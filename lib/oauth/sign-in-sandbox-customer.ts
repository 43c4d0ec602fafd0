// A sandbox customer signs in on the authorization page, for the request in
// hand: only a customer of the organisation whose app asks can (another
// organisation's customer is "not recognised", like a wrong password).
// Returns what the consent page shows: the app, its organisation, the
// scopes in words, and the customer's accounts (those outside the app's
// grant shown but not choosable).
// Security-critical: one message for every failure; the customer is bound
// to the request row once, never changed.
import type { AppGrant } from "@/lib/access/load-app-grant";
import { normaliseAccountRef } from "@/lib/access/load-app-grant";
import type { Db } from "@/lib/db";
import { definedScopes, storedAuthorizationDetails } from "@/lib/db/json-columns";
import { paymentInitiationOf } from "./authorization-details";
import { AuthorizationPageError } from "./authorization-page-error";
import { findAuthorizationRequest } from "./find-authorization-request";
import { isSandboxCustomerPassword } from "./sandbox-customer-password";

export type ConsentView = {
  appName: string;
  /** Where the answer goes (the consent page names its origin). */
  redirectUri: string;
  organisationName: string;
  customerName: string;
  scopes: { scope: string; description: string }[];
  accounts: { accountId: string; name: string; iban: string; currency: string; grantable: boolean }[];
  /** RFC 9396: the account_access entry's permissions, and the accounts it is limited to (account ids), if any. */
  accountAccess?: { permissions: string[]; accounts?: string[] };
  /** RFC 9396: the one payment asked for; the customer chooses its debtor among the accounts in its currency. */
  payment?: { amount: string; currency: string; creditorName: string; creditorIban: string; reference?: string };
};

export type SignInResult = { signedIn: true; consent: ConsentView } | { signedIn: false; message: string; appName: string; organisationName: string };

export const NOT_RECOGNISED = "The login id or password is not recognised.";

export async function signInSandboxCustomer(options: {
  db: Db;
  requestUri: string | undefined;
  csrf: { field: string | undefined; cookie: string | undefined };
  unverifiedLoginId: string | undefined;
  unverifiedPassword: string | undefined;
  loadGrant: (appId: string) => Promise<AppGrant | null>;
}): Promise<SignInResult> {
  const { db } = options;
  const row = await findAuthorizationRequest({ db, requestUri: options.requestUri, csrf: options.csrf });
  if (row.customerId) throw new AuthorizationPageError("A customer has already signed in for this request: start again from the app.");
  const loginId = (options.unverifiedLoginId ?? "").trim();
  const passwordOk = isSandboxCustomerPassword(options.unverifiedPassword ?? "");
  const customer = loginId
    ? await db.sandboxCustomer.findFirst({ where: { customerRef: loginId, organisationId: row.app.organisationId }, select: { id: true } })
    : null;
  if (!customer || !passwordOk) return { signedIn: false, message: NOT_RECOGNISED, appName: row.app.name, organisationName: row.app.organisation.name };
  const bound = await db.authorizationRequest.updateMany({ where: { id: row.id, customerId: null, decidedAt: null }, data: { customerId: customer.id } });
  if (bound.count !== 1) throw new AuthorizationPageError("A customer has already signed in for this request: start again from the app.");
  return { signedIn: true, consent: await consentView({ db, requestId: row.id, loadGrant: options.loadGrant }) };
}

/** What the consent page shows for a request whose customer has signed in. */
export async function consentView(options: { db: Db; requestId: string; loadGrant: (appId: string) => Promise<AppGrant | null> }): Promise<ConsentView> {
  const row = await options.db.authorizationRequest.findUniqueOrThrow({
    where: { id: options.requestId },
    select: {
      appId: true,
      scope: true,
      redirectUri: true,
      authorizationDetails: true,
      app: { select: { name: true, organisation: { select: { name: true } } } },
      customer: { select: { name: true, accounts: { select: { accountId: true, name: true, iban: true, currency: true }, orderBy: { createdAt: "asc" } } } },
    },
  });
  const grant = await options.loadGrant(row.appId);
  const described = new Map<string, string>();
  if (grant?.apis.size) {
    const versions = await options.db.apiVersion.findMany({ where: { id: { in: [...grant.apis.keys()] } }, select: { scopes: true } });
    for (const version of versions) for (const [scope, description] of Object.entries(definedScopes(version.scopes))) if (!described.has(scope)) described.set(scope, description);
  }
  const details = storedAuthorizationDetails(row.authorizationDetails);
  const access = details?.find((d) => d.type === "account_access");
  const payment = paymentInitiationOf(details);
  return {
    ...(access ? { accountAccess: { permissions: access.permissions, ...(access.accounts ? { accounts: access.accounts } : {}) } } : {}),
    ...(payment
      ? {
          payment: {
            amount: payment.instructedAmount.amount,
            currency: payment.instructedAmount.currency,
            creditorName: payment.creditorName,
            creditorIban: payment.creditorAccount.iban,
            ...(payment.remittanceInformation ? { reference: payment.remittanceInformation } : {}),
          },
        }
      : {}),
    appName: row.app.name,
    redirectUri: row.redirectUri,
    organisationName: row.app.organisation.name,
    customerName: row.customer?.name ?? "",
    scopes: row.scope.split(" ").filter(Boolean).map((scope) => ({ scope, description: described.get(scope) ?? scope })),
    accounts: (row.customer?.accounts ?? []).map((a) => ({ ...a, grantable: !!grant?.accounts.has(normaliseAccountRef("id", a.accountId)) })),
  };
}
