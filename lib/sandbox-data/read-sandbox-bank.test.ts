import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { makeOrganisationWithAccounts } from "@/lib/testing/gateway-fixtures";
import { findBankAccount } from "./read-sandbox-bank";

/** The account as Prisma itself reads it: what the direct read must agree with. */
async function throughPrisma(organisationId: string, accountId: string) {
  return getDb().sandboxAccount.findFirst({
    where: { accountId, organisationId },
    select: { accountId: true, name: true, type: true, iban: true, sortCode: true, accountNumber: true, currency: true, balanceMinor: true, createdAt: true },
  });
}

describe("findBankAccount (direct read)", () => {
  it("reads the same account as Prisma, on the process client and inside a transaction, and nothing of another organisation", async () => {
    const mine = await makeOrganisationWithAccounts({ accounts: 2 });
    const other = await makeOrganisationWithAccounts({ accounts: 1 });
    const db = getDb();
    for (const account of mine.accounts) {
      const expected = await throughPrisma(mine.organisation.id, account.accountId);
      expect(await findBankAccount({ db, organisationId: mine.organisation.id, accountId: account.accountId })).toEqual(expected);
      expect(await db.$transaction((tx) => findBankAccount({ db: tx as typeof db, organisationId: mine.organisation.id, accountId: account.accountId }))).toEqual(expected);
    }
    // Security-critical: an account id of another organisation, or none at all, finds nothing.
    const foreign = other.accounts[0]!.accountId;
    expect(await findBankAccount({ db, organisationId: mine.organisation.id, accountId: foreign })).toBeUndefined();
    expect(await db.$transaction((tx) => findBankAccount({ db: tx as typeof db, organisationId: mine.organisation.id, accountId: foreign }))).toBeUndefined();
    expect(await findBankAccount({ db, organisationId: mine.organisation.id, accountId: "acc_doesnotexist0000" })).toBeUndefined();
  });

  it("sees a committed change at once, an uncommitted one only inside its own transaction", async () => {
    const { organisation, accounts } = await makeOrganisationWithAccounts({ accounts: 1 });
    const db = getDb();
    const account = accounts[0]!;
    const read = (client: typeof db) => findBankAccount({ db: client, organisationId: organisation.id, accountId: account.accountId });
    const before = (await read(db))!.balanceMinor;

    await db.sandboxAccount.update({ where: { id: account.id }, data: { balanceMinor: { decrement: 100 } } });
    expect((await read(db))!.balanceMinor).toBe(before - 100);

    // Inside a transaction that is rolled back: its own read sees the debit, a read outside (direct
    // connection, committed data only — on SQLite a separate read-only connection) does not.
    const rollback = new Error("roll back");
    const seen: number[] = [];
    await expect(
      db.$transaction(async (tx) => {
        await tx.sandboxAccount.update({ where: { id: account.id }, data: { balanceMinor: { decrement: 50 } } });
        seen.push((await read(tx as typeof db))!.balanceMinor, (await read(db))!.balanceMinor);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(seen).toEqual([before - 150, before - 100]);
    expect((await read(db))!.balanceMinor).toBe(before - 100);
  });
});
