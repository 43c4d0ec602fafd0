// What the sandbox customer's access dashboard lists: every app the customer
// has connected and that can still act for them (an approved consent with an
// access token or refresh token alive), one entry per app: its name and
// organisation, the scopes in words, the accounts, when first granted and
// until when (the latest expiry of what is alive: the refresh token, or the
// access token when there is none).
// Authorization: only the signed-in customer's own consents (the session's customerId).
import type { AppGrant } from "@/lib/access/load-app-grant";
import { normaliseAccountRef } from "@/lib/access/load-app-grant";
import type { Db } from "@/lib/db";
import { definedScopes } from "@/lib/db/json-columns";
import type { CustomerSession } from "./find-customer-session";

export type CustomerConnection = {
  appId: string;
  appName: string;
  organisationName: string;
  scopes: { scope: string; description: string }[];
  accounts: { accountId: string; name: string; ibanEnd: string }[];
  grantedAt: Date;
  until: Date;
};

export async function listCustomerConnections(options: { db: Db; session: CustomerSession; loadGrant: (appId: string) => Promise<AppGrant | null>; now?: Date }): Promise<CustomerConnection[]> {
  const { db, session } = options;
  const now = options.now ?? new Date();
  const alive = { revokedAt: null, expiresAt: { gt: now } };
  const requests = await db.authorizationRequest.findMany({
    where: {
      customerId: session.customerId,
      codeHash: { not: null },
      OR: [{ refreshTokens: { some: { ...alive, usedAt: null } } }, { tokens: { some: alive } }],
    },
    select: {
      appId: true,
      scope: true,
      accounts: true,
      decidedAt: true,
      app: { select: { name: true, organisation: { select: { name: true } } } },
      refreshTokens: { where: { ...alive, usedAt: null }, select: { expiresAt: true } },
      tokens: { where: alive, select: { expiresAt: true } },
    },
    orderBy: { decidedAt: "asc" },
  });
  if (!requests.length) return [];
  const customerAccounts = await db.sandboxAccount.findMany({ where: { customerId: session.customerId }, select: { accountId: true, name: true, iban: true }, orderBy: { createdAt: "asc" } });

  const byApp = new Map<string, { row: (typeof requests)[number]; scopes: Set<string>; refs: Set<string>; until: Date }>();
  for (const row of requests) {
    const entry = byApp.get(row.appId) ?? { row, scopes: new Set<string>(), refs: new Set<string>(), until: new Date(0) };
    for (const scope of row.scope.split(" ").filter(Boolean)) entry.scopes.add(scope);
    if (Array.isArray(row.accounts)) for (const ref of row.accounts) if (typeof ref === "string") entry.refs.add(ref);
    // A live refresh token says how long the app can keep coming back; without one, its last access token.
    const expiries = (row.refreshTokens.length ? row.refreshTokens : row.tokens).map((t) => t.expiresAt.getTime());
    const until = new Date(Math.max(entry.until.getTime(), ...expiries));
    byApp.set(row.appId, { ...entry, until });
  }

  const connections: CustomerConnection[] = [];
  for (const [appId, { row, scopes, refs, until }] of byApp) {
    const described = await describeScopes(db, await options.loadGrant(appId));
    connections.push({
      appId,
      appName: row.app.name,
      organisationName: row.app.organisation.name,
      scopes: [...scopes].map((scope) => ({ scope, description: described.get(scope) ?? scope })),
      accounts: customerAccounts.filter((a) => refs.has(normaliseAccountRef("id", a.accountId))).map((a) => ({ accountId: a.accountId, name: a.name, ibanEnd: a.iban.slice(-4) })),
      grantedAt: row.decidedAt ?? now,
      until,
    });
  }
  return connections;
}

/** The scopes' descriptions from the specs of the APIs the app is granted (as on the consent page). */
async function describeScopes(db: Db, grant: AppGrant | null) {
  const described = new Map<string, string>();
  if (!grant?.apis.size) return described;
  const versions = await db.apiVersion.findMany({ where: { id: { in: [...grant.apis.keys()] } }, select: { scopes: true } });
  for (const version of versions) for (const [scope, description] of Object.entries(definedScopes(version.scopes))) if (!described.has(scope)) described.set(scope, description);
  return described;
}
