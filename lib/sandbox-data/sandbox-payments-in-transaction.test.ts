// The payment writes inside a caller's transaction (a composite request's):
// they join it rather than opening their own, so the caller's rollback takes
// the debit, the transaction row, the payment and its announcement with it,
// and its commit keeps them; a repeated Idempotency-Key inside the joined
// transaction answers with the first payment without aborting the caller's
// transaction (PostgreSQL would abort it on a unique violation).
import { describe, expect, it } from "vitest";
import { getDb, type Tx } from "@/lib/db";
import { makeOrganisationWithAccounts } from "@/lib/testing/gateway-fixtures";
import { cancelSandboxPayment, createSandboxPayment, type AnnouncePaymentChange } from "./sandbox-payments";

/** An announcement that writes nothing of its own but proves it ran on the caller's transaction client. */
const announceOn = (expected: () => Tx | undefined, seen: string[]): AnnouncePaymentChange => async (tx, { payment }) => {
  expect(tx).toBe(expected());
  seen.push(`${payment.paymentId} ${payment.status}`);
};

async function setUp() {
  const { organisation, accounts } = await makeOrganisationWithAccounts({ accounts: 1 }); // 100.00
  const account = accounts[0]!;
  const state = async () => {
    const db = getDb();
    return {
      balance: (await db.sandboxAccount.findUniqueOrThrow({ where: { id: account.id } })).balanceMinor,
      payments: await db.sandboxPayment.count({ where: { debtorAccountId: account.id } }),
      transactions: await db.sandboxTransaction.count({ where: { accountId: account.id } }),
    };
  };
  const pay = (db: Tx, amountMinor: number, extra: { idempotencyKey?: string; rejected?: boolean; announce: AnnouncePaymentChange }) =>
    createSandboxPayment({
      db,
      organisationId: organisation.id,
      appId: "app-under-test",
      debtorAccountId: account.accountId,
      amountMinor,
      currency: "GBP",
      creditorName: "Payee",
      creditorIban: "GB94BARC10201530093459",
      reference: "JOINED",
      pendingAboveMinor: 50_00,
      ...extra,
    });
  return { organisation, account, state, pay };
}

describe("sandbox payments in a caller's transaction", () => {
  it("roll back with the caller: a payment and a cancellation leave nothing behind", async () => {
    const { organisation, state, pay } = await setUp();
    const before = await state();
    let current: Tx | undefined;
    const seen: string[] = [];
    const announce = announceOn(() => current, seen);
    await expect(
      getDb().$transaction(async (tx) => {
        current = tx;
        const first = await pay(tx, 10_00, { announce });
        const held = await pay(tx, 60_00, { announce }); // pending: above 50.00
        expect(first.outcome).toBe("created");
        expect(held.outcome === "created" && held.payment.status).toBe("pending");
        const cancelled = await cancelSandboxPayment({ db: tx, organisationId: organisation.id, paymentId: (held as { payment: { paymentId: string } }).payment.paymentId, mayUseAccount: () => true, announce });
        expect(cancelled.outcome).toBe("cancelled");
        throw new Error("a later step failed");
      }),
    ).rejects.toThrow("a later step failed");
    expect(seen).toHaveLength(3);
    expect(await state()).toEqual(before);
  });

  it("commit with the caller; a repeated key in the same transaction answers with the first payment", async () => {
    const { state, pay } = await setUp();
    const before = await state();
    let current: Tx | undefined;
    const announce = announceOn(() => current, []);
    const [first, again, rejected] = await getDb().$transaction(async (tx) => {
      current = tx;
      const a = await pay(tx, 10_00, { idempotencyKey: "same-key", announce });
      const b = await pay(tx, 10_00, { idempotencyKey: "same-key", announce });
      const c = await pay(tx, 5_00, { rejected: true, announce });
      return [a, b, c];
    });
    expect(first.outcome).toBe("created");
    expect(again).toEqual({ outcome: "repeated", payment: (first as { payment: unknown }).payment });
    expect(rejected.outcome === "created" && rejected.payment.status).toBe("rejected");
    expect(await state()).toEqual({ balance: before.balance - 10_00, payments: before.payments + 2, transactions: before.transactions + 1 });
  });
});
