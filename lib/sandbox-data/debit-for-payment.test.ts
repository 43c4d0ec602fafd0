import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { makeOrganisationWithAccounts } from "@/lib/testing/gateway-fixtures";
import { listBankTransactions } from "./read-sandbox-bank";
import { createSandboxPayment, findSandboxPayment } from "./sandbox-payments";

const announce = async () => {};

describe("debitForPayment (hand-written SQL)", () => {
  it("writes rows Prisma reads back as its own: the payment, its transaction (newest first among Prisma-written ones) and the links", async () => {
    const { organisation, accounts } = await makeOrganisationWithAccounts({ accounts: 1 }); // 100.00
    const debtor = accounts[0]!;
    const db = getDb();
    // One transaction written through Prisma a second before, so ordering compares both writers' dates.
    const now = new Date(Date.now() + 60_000);
    const earlier = await db.sandboxTransaction.create({
      data: { accountId: debtor.id, bookedAt: new Date(now.getTime() - 1000), amountMinor: 5_00, currency: "GBP", description: "Refund", counterparty: "Shop" },
    });
    const common = { db, organisationId: organisation.id, appId: "app-raw", debtorAccountId: debtor.accountId, currency: "GBP", creditorName: "Payee", creditorIban: "GB94BARC10201530093459", announce };
    const booked = await createSandboxPayment({ ...common, amountMinor: 12_34, reference: "BOOKED", endToEndId: "e2e-1", pendingAboveMinor: 50_00, now });
    const held = await createSandboxPayment({ ...common, amountMinor: 60_00, reference: "HELD", idempotencyKey: "k-1", requestedExecutionDate: "2026-12-01", pendingAboveMinor: 50_00, now });
    if (booked.outcome !== "created" || held.outcome !== "created") throw new Error(`not created: ${booked.outcome}, ${held.outcome}`);

    for (const made of [booked.payment, held.payment]) {
      expect(await findSandboxPayment({ db, organisationId: organisation.id, paymentId: made.paymentId, mayUseAccount: () => true })).toEqual(made);
    }
    const rows = await db.sandboxPayment.findMany({ where: { debtorAccountId: debtor.id }, orderBy: { amountMinor: "asc" }, include: { transaction: true } });
    expect(rows.map((r) => [r.appId, r.idempotencyKey, r.status, r.transaction?.status, r.transaction?.amountMinor, r.createdAt.getTime(), r.updatedAt.getTime()])).toEqual([
      ["app-raw", null, "completed", "booked", -12_34, now.getTime(), now.getTime()],
      ["app-raw", "k-1", "pending", "pending", -60_00, now.getTime(), now.getTime()],
    ]);
    expect((await db.sandboxAccount.findUniqueOrThrow({ where: { id: debtor.id } })).balanceMinor).toBe(100_00 - 12_34 - 60_00);

    const { transactions } = await listBankTransactions({ db, organisationId: organisation.id, accountId: debtor.accountId, take: 10 });
    expect(transactions.map((t) => [t.description, t.bookedAt.getTime(), t.status])).toEqual([
      // The two payments share `now`; ties go by id, and the ids are time-ordered: the later payment first.
      ["HELD", now.getTime(), "pending"],
      ["BOOKED", now.getTime(), "booked"],
      ["Refund", earlier.bookedAt.getTime(), "booked"],
    ]);
    // Days filter on the same column: both writers' rows fall on the day they were booked.
    const day = now.toISOString().slice(0, 10);
    expect((await listBankTransactions({ db, organisationId: organisation.id, accountId: debtor.accountId, fromDate: day, toDate: day, take: 10 })).transactions).toHaveLength(
      transactions.filter((t) => t.bookedAt.toISOString().startsWith(day)).length,
    );
  });
});
