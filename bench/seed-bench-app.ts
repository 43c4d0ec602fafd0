// What every gateway benchmark needs before it starts its servers: the
// sandbox test spec published, an organisation with two sandbox accounts and
// an approved app allowed to read accounts and make payments on the first —
// through the test spec (Prism mocks) and through the bundled Accounts 2.1.0
// and Payments specs (answered from the sandbox data; the first account
// holds enough for every payment of a run).
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
  const { getDb } = await import("@/lib/db");
  const bundled = async (file: string, scopes: string[]) => {
    const v = await fixtures.makeApiVersion({ file: `${process.cwd()}/openapi/${file}` });
    await getDb().appApi.create({ data: { appId: app.app.id, apiVersionId: v.version.id, scopes } });
    return v;
  };
  const accounts = await bundled("accounts-v2.yaml", ["accounts:read", "transactions:read"]);
  const payments = await bundled("payments.yaml", ["payments:read", "payments:write"]);
  await getDb().sandboxAccount.update({ where: { id: account.id }, data: { balanceMinor: 2_000_000_000 } });
  await closeDb();
  return { version, slug, versionName, org, account, app, bound: { accounts, payments } };
}
