// answerFromData's own account check, below the gateway's marks: a binding
// whose account input no mark covers still keeps the app to its grant, and
// the organisation scoping in lib/sandbox-data holds even for an account
// the grant (wrongly) names.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { normaliseAccountRef, type AppGrant } from "@/lib/access/load-app-grant";
import { decodeSandboxBinding } from "@/lib/openapi/sandbox-binding";
import { makeOrganisationWithAccounts } from "@/lib/testing/gateway-fixtures";
import { answerFromData } from "./answer-from-data";

const grantOf = (organisationId: string, accountIds: string[]) =>
  ({ appId: "app", organisationId, accounts: new Set(accountIds.map((id) => normaliseAccountRef("id", id))) }) as unknown as AppGrant;
const request = (params: Record<string, string>) => ({ params, query: {}, headers: {}, body: undefined });

const getAccount = decodeSandboxBinding({
  "x-portico-sandbox": { resource: "accounts", action: "get", request: { accountId: "/path/id" }, response: { fields: { "/id": "accountId", "/balance": "balance" } } },
})!;
const listAccounts = decodeSandboxBinding({ "x-portico-sandbox": { resource: "accounts", action: "list", response: { items: "", fields: { "/id": "accountId" } } } })!;

describe("answerFromData", () => {
  it("refuses an account input outside the grant, and finds nothing of another organisation even when the grant names it", async () => {
    const mine = await makeOrganisationWithAccounts({ accounts: 2 });
    const theirs = await makeOrganisationWithAccounts({ accounts: 1 });
    const [a, b] = mine.accounts;
    const foreign = theirs.accounts[0]!;
    const grant = grantOf(mine.organisation.id, [a!.accountId, foreign.accountId]);
    const db = getDb();

    const ok = await answerFromData({ db, binding: getAccount, grant, request: request({ id: a!.accountId }) });
    expect(JSON.parse(ok.body.toString())).toEqual({ id: a!.accountId, balance: "100.00" });
    await expect(answerFromData({ db, binding: getAccount, grant, request: request({ id: b!.accountId }) })).rejects.toMatchObject({
      status: 403,
      reason: "account_not_granted",
      violations: [{ pointer: "/path/id", message: `account ${b!.accountId} is not among the accounts approved for the app` }],
    });
    await expect(answerFromData({ db, binding: getAccount, grant, request: request({ id: foreign.accountId }) })).rejects.toMatchObject({ status: 404 });

    const list = await answerFromData({ db, binding: listAccounts, grant, request: request({}) });
    expect(JSON.parse(list.body.toString())).toEqual([{ id: a!.accountId }]);
  });
});
