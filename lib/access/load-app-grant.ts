// The grant in force for one app, as the gateway enforces it: the app's
// standing, the API versions and scopes it was approved for, and the
// accounts it may touch. Read by the token endpoint (which scopes a token
// may carry) and the resource server (what a call may do).
// Security-critical: this is the only place that turns the approval rows
// (AppApi, AppAccount, App.allAccounts) into a decision.
import type { Db } from "@/lib/db";
import type { AccountPermission, PaymentInitiationDetail } from "@/lib/db/json-columns";
import { grantScopes } from "@/lib/db/json-columns";

export type AppGrant = {
  appId: string;
  organisationId: string;
  name: string;
  /** null when the app may act; otherwise why not (shown to the developer). */
  inactiveReason: string | null;
  /** apiVersionId → scopes approved for it */
  apis: Map<string, Set<string>>;
  /** Every approved scope across APIs: the most a token may carry. */
  allScopes: Set<string>;
  /** Account ids and IBANs the app may name (normalised: see normaliseAccountRef). */
  accounts: Set<string>;
  tokenLifetimeSeconds: number | null;
  /** A customer's token asked with RFC 9396 authorization_details: what they consented to (lib/sandbox/check-consent.ts). */
  consent?: TokenConsent;
};

/** The consent a customer's token carries (RFC 9396), as the sandbox enforces it. */
export type TokenConsent = {
  authorizationRequestId: string;
  /** account_access permissions; null: no account_access entry, so no account reads. */
  permissions: Set<AccountPermission> | null;
  /** The one payment allowed, with the debtor the customer chose; null: none. */
  payment: PaymentInitiationDetail | null;
};

/** IBANs are compared without spaces and in upper case; account ids verbatim. */
export function normaliseAccountRef(kind: "id" | "iban", value: string): string {
  return kind === "iban" ? `iban:${value.replace(/\s+/g, "").toUpperCase()}` : `id:${value}`;
}

export async function loadAppGrant(options: { db: Db; appId: string }): Promise<AppGrant | null> {
  const { db, appId } = options;
  const app = await db.app.findUnique({
    where: { id: appId },
    select: {
      id: true,
      name: true,
      status: true,
      organisationId: true,
      allAccounts: true,
      tokenLifetimeSeconds: true,
      organisation: { select: { status: true } },
      owner: { select: { status: true } },
      apis: { select: { apiVersionId: true, scopes: true } },
      accounts: { select: { account: { select: { accountId: true, iban: true, organisationId: true } } } },
    },
  });
  if (!app) return null;

  const inactiveReason =
    app.status !== "approved"
      ? `the app is ${app.status}`
      : app.organisation.status !== "active"
        ? "the organisation is suspended"
        : app.owner.status !== "active"
          ? "the app's owner is suspended"
          : null;

  const apis = new Map<string, Set<string>>();
  const allScopes = new Set<string>();
  for (const row of app.apis) {
    const scopes = new Set(grantScopes(row.scopes));
    apis.set(row.apiVersionId, scopes);
    for (const s of scopes) allScopes.add(s);
  }

  const accounts = new Set<string>();
  const addAccount = (a: { accountId: string; iban: string }) => {
    accounts.add(normaliseAccountRef("id", a.accountId));
    accounts.add(normaliseAccountRef("iban", a.iban));
  };
  if (app.allAccounts) {
    const rows = await db.sandboxAccount.findMany({ where: { organisationId: app.organisationId }, select: { accountId: true, iban: true } });
    rows.forEach(addAccount);
  } else {
    // Defence in depth: an account of another organisation never counts, even if a row says so.
    for (const { account } of app.accounts) if (account.organisationId === app.organisationId) addAccount(account);
  }

  return {
    appId: app.id,
    organisationId: app.organisationId,
    name: app.name,
    inactiveReason,
    apis,
    allScopes,
    accounts,
    tokenLifetimeSeconds: app.tokenLifetimeSeconds,
  };
}
