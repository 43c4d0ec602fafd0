import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { signUp } from "@/lib/accounts/sign-up";
import { makeDeveloperWithSandbox } from "@/lib/testing/catalog-fixtures";
import { makeUser, testSignUpLimiter } from "@/lib/testing/factories";
import { gbIban, isValidIban } from "./iban";
import { listSandboxAccounts } from "./list-sandbox-accounts";

describe("sandbox data", () => {
  it("makes GB IBANs with valid ISO 13616 check digits", () => {
    // The published example IBAN for the UK (ECBS), recomputed.
    expect(isValidIban("GB82 WEST 1234 5698 7654 32")).toBe(true);
    expect(isValidIban("GB83WEST12345698765432")).toBe(false);
    const iban = gbIban("401234", "12345678");
    expect(iban).toMatch(/^GB\d{2}PRTC40123412345678$/);
    expect(isValidIban(iban)).toBe(true);
  });

  it("gives each organisation its own customers, accounts and transactions, and lists only the own ones", async () => {
    const a = await makeDeveloperWithSandbox();
    const b = await makeDeveloperWithSandbox();
    expect(a.accounts.length).toBeGreaterThanOrEqual(2);
    for (const account of a.accounts) {
      expect(account.accountId).toMatch(/^acc_[a-z2-7]{16}$/);
      expect(isValidIban(account.iban)).toBe(true);
      const txs = await getDb().sandboxTransaction.findMany({ where: { accountId: account.id } });
      expect(txs.length).toBeGreaterThan(5);
    }
    const listed = await listSandboxAccounts({ actor: a.actor });
    expect(listed.map((x) => x.id).sort()).toEqual(a.accounts.map((x) => x.id).sort());
    expect(listed.some((x) => b.accounts.some((y) => y.id === x.id))).toBe(false);
    const admin = await makeUser({ role: "admin" });
    await expect(listSandboxAccounts({ actor: admin.actor })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("creates sandbox data for a new organisation at sign-up", async () => {
    const id = Math.random().toString(36).slice(2, 8);
    const email = `new-${id}@test.example`;
    await signUp({ unverifiedInput: { name: "New Dev", email, organisation: `New Org ${id}`, password: "a-long-password-123" }, limiter: testSignUpLimiter() });
    const user = await getDb().user.findUniqueOrThrow({ where: { email } });
    expect(await getDb().sandboxAccount.count({ where: { organisationId: user.organisationId! } })).toBeGreaterThan(0);
  });
});
