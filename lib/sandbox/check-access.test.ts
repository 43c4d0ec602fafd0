import { describe, expect, it } from "vitest";
import type { AppGrant } from "@/lib/access/load-app-grant";
import { normaliseAccountRef } from "@/lib/access/load-app-grant";
import { normaliseParameterName } from "@/lib/errors/redact";
import { checkAccountSubset } from "./check-access";
import type { CompiledOperation } from "./compile-operation";

const mine = "acc_aaaaaaaaaaaaaaaa";
const other = "acc_bbbbbbbbbbbbbbbb";
const grant = { accounts: new Set([normaliseAccountRef("id", mine)]) } as unknown as AppGrant;
const operation = { parameterMarks: [{ in: "query", name: "accountId", kind: "id" }], bodyMarks: [] } as unknown as CompiledOperation;
const check = (query: Record<string, string | string[]>) => () => checkAccountSubset({ grant, operation, params: {}, query, headers: {}, body: undefined });

describe("the account check on query parameters", () => {
  it("normalises names: encoding (also double), brackets, case, separators", () => {
    for (const name of ["accountId", "accountId[]", "accountid[0]", "ACCOUNT_ID", "account-id", "accountId%5B%5D", "accountId%255B%255D", "account%5Fid"]) expect(normaliseParameterName(name), name).toBe("accountid");
    expect(normaliseParameterName("%E0%A4%A")).toBe("e0a4a"); // malformed encoding is kept as it is
  });

  it("checks every value of a repeated parameter and every disguised name", () => {
    expect(check({ accountId: mine })).not.toThrow();
    expect(check({ accountId: [mine, other] })).toThrow(expect.objectContaining({ violations: [{ pointer: "/query/accountId", message: `account ${other} is not among the accounts approved for the app` }] }));
    expect(check({ accountId: mine, "accountId[]": other })).toThrow(expect.objectContaining({ status: 403, violations: [expect.objectContaining({ pointer: "/query/accountId[]" })] }));
    expect(check({ ACCOUNTID: [other, mine], "account_id[0]": other })).toThrow(expect.objectContaining({ violations: [expect.objectContaining({ pointer: "/query/ACCOUNTID" }), expect.objectContaining({ pointer: "/query/account_id[0]" })] }));
  });
});
