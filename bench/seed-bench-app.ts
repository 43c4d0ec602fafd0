// What every gateway benchmark needs before it starts its servers: the
// sandbox test spec published, an organisation with two sandbox accounts and
// an approved app allowed to read accounts and make payments on the first.
// Runs against whatever DATABASE_URL the caller set, then closes the client
// so the servers it spawns are the only writers.
export async function seedBenchApp() {
  const { migrate } = await import("@/lib/db/migrate");
  const { closeDb } = await import("@/lib/db");
  const fixtures = await import("@/lib/testing/gateway-fixtures");
  await migrate();
  const { version, slug, versionName } = await fixtures.makeApiVersion();
  const org = await fixtures.makeOrganisationWithAccounts({ accounts: 2 });
  const account = org.accounts[0]!;
  const app = await fixtures.makeApprovedApp({
    organisationId: org.organisation.id,
    ownerId: org.owner.id,
    apiVersionId: version.id,
    scopes: ["accounts:read", "transactions:read", "payments:write"],
    accountIds: [account.id],
    tokenLifetimeSeconds: 3600,
  });
  await closeDb();
  return { version, slug, versionName, org, account, app };
}
