import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { makeOrganisationWithAccounts } from "@/lib/testing/gateway-fixtures";
import { formatMinor, parseMinor } from "./money";
import { cancelSandboxPayment, createSandboxPayment, type AnnouncePaymentChange, type PaymentStatusChange } from "./sandbox-payments";

/** Resolves every waiter at once, when the last of `n` has arrived: the payments start together. */
function barrier(n: number) {
  let arrived = 0;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived === n) open();
    return gate;
  };
}

/** Every announcement made to it, in order (lib/sandbox's real one queues callbacks: gateway/payment-events.test.ts). */
function recorder() {
  const seen: PaymentStatusChange[] = [];
  const announce: AnnouncePaymentChange = async (_tx, change) => {
    seen.push(change);
  };
  return { seen, announce };
}
const announcements = recorder();

const payment = (
  organisationId: string,
  debtorAccountId: string,
  amountMinor: number,
  extra: { idempotencyKey?: string; pendingAboveMinor?: number | null; announce?: AnnouncePaymentChange } = {},
) => ({
  db: getDb(),
  organisationId,
  appId: "app-under-test",
  debtorAccountId,
  amountMinor,
  currency: "GBP",
  creditorName: "Payee",
  creditorIban: "GB94BARC10201530093459",
  reference: "RACE",
  pendingAboveMinor: null,
  announce: announcements.announce,
  ...extra,
});

describe("money", () => {
  it("reads and writes two-place decimal amounts in minor units", () => {
    expect(formatMinor(152340)).toBe("1523.40");
    expect(formatMinor(-5)).toBe("-0.05");
    expect(parseMinor("86.2")).toBe(8620);
    expect(parseMinor("10000.00")).toBe(1_000_000);
    for (const bad of ["-1.00", "1.001", "1e3", "", " 1.00", "12345678901234.00"]) expect(parseMinor(bad), bad).toBeUndefined();
  });
});

describe("sandbox payments", () => {
  it("never overdraws: payments racing for the last funds, started together, succeed only while the balance covers them", async () => {
    const { organisation, accounts } = await makeOrganisationWithAccounts({ accounts: 1 }); // 100.00
    const debtor = accounts[0]!;
    const wait = barrier(10);
    const { seen, announce } = recorder();
    const results = await Promise.all(
      Array.from({ length: 10 }, async () => {
        await wait();
        return createSandboxPayment(payment(organisation.id, debtor.accountId, 30_00, { announce }));
      }),
    );
    expect(results.filter((r) => r.outcome === "created")).toHaveLength(3);
    expect(results.filter((r) => r.outcome === "insufficient_funds")).toHaveLength(7);
    const db = getDb();
    expect((await db.sandboxAccount.findUniqueOrThrow({ where: { id: debtor.id } })).balanceMinor).toBe(10_00);
    expect(await db.sandboxTransaction.count({ where: { accountId: debtor.id } })).toBe(3);
    expect(await db.sandboxPayment.count({ where: { debtorAccountId: debtor.id } })).toBe(3);
    // Each payment made is announced once, as new; the refusals are not.
    expect(seen.map((c) => c.payment.paymentId).sort()).toEqual(results.flatMap((r) => (r.outcome === "created" ? [r.payment.paymentId] : [])).sort());
    expect(seen.every((c) => c.previousStatus === null && c.payment.status === "completed" && c.payment.amountMinor === 30_00)).toBe(true);
  });

  it("pays once for racing repeats of the same Idempotency-Key", async () => {
    const { organisation, accounts } = await makeOrganisationWithAccounts({ accounts: 1 });
    const debtor = accounts[0]!;
    const wait = barrier(4);
    const { seen, announce } = recorder();
    const results = await Promise.all(
      Array.from({ length: 4 }, async () => {
        await wait();
        return createSandboxPayment(payment(organisation.id, debtor.accountId, 10_00, { idempotencyKey: "one-key", announce }));
      }),
    );
    const ids = new Set(results.map((r) => (r.outcome === "created" || r.outcome === "repeated" ? r.payment.paymentId : r.outcome)));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.outcome === "created")).toHaveLength(1);
    expect((await getDb().sandboxAccount.findUniqueOrThrow({ where: { id: debtor.id } })).balanceMinor).toBe(90_00);
    expect(seen.map((c) => c.payment.paymentId)).toEqual([...ids]);
  });

  it("cancels a pending payment once, however many cancellations race", async () => {
    const { organisation, accounts } = await makeOrganisationWithAccounts({ accounts: 1 });
    const debtor = accounts[0]!;
    const held = await createSandboxPayment(payment(organisation.id, debtor.accountId, 60_00, { pendingAboveMinor: 50_00 }));
    expect(held).toMatchObject({ outcome: "created", payment: { status: "pending" } });
    const paymentId = held.outcome === "created" ? held.payment.paymentId : "";
    const wait = barrier(3);
    const { seen, announce } = recorder();
    const results = await Promise.all(
      Array.from({ length: 3 }, async () => {
        await wait();
        return cancelSandboxPayment({ db: getDb(), organisationId: organisation.id, paymentId, mayUseAccount: () => true, announce });
      }),
    );
    expect(results.filter((r) => r.outcome === "cancelled")).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "not_pending")).toHaveLength(2);
    expect((await getDb().sandboxAccount.findUniqueOrThrow({ where: { id: debtor.id } })).balanceMinor).toBe(100_00);
    expect(await getDb().sandboxTransaction.count({ where: { accountId: debtor.id } })).toBe(0);
    expect(seen).toEqual([{ payment: expect.objectContaining({ paymentId, status: "cancelled", amountMinor: 60_00 }), previousStatus: "pending" }]);
  });

  it("finds nothing of another organisation: its account cannot be debited, its payment cannot be cancelled", async () => {
    const mine = await makeOrganisationWithAccounts({ accounts: 1 });
    const theirs = await makeOrganisationWithAccounts({ accounts: 1 });
    expect(await createSandboxPayment(payment(mine.organisation.id, theirs.accounts[0]!.accountId, 1_00))).toEqual({ outcome: "no_such_account" });
    const held = await createSandboxPayment(payment(theirs.organisation.id, theirs.accounts[0]!.accountId, 60_00, { pendingAboveMinor: 50_00 }));
    const paymentId = held.outcome === "created" ? held.payment.paymentId : "";
    expect(await cancelSandboxPayment({ db: getDb(), organisationId: mine.organisation.id, paymentId, mayUseAccount: () => true, announce: announcements.announce })).toEqual({
      outcome: "no_such_payment",
    });
    expect((await getDb().sandboxAccount.findUniqueOrThrow({ where: { id: theirs.accounts[0]!.id } })).balanceMinor).toBe(40_00);
  });

  it("goes when the organisation's sandbox customers are deleted (the reset)", async () => {
    const { organisation, accounts } = await makeOrganisationWithAccounts({ accounts: 1 });
    await createSandboxPayment(payment(organisation.id, accounts[0]!.accountId, 1_00));
    await getDb().sandboxCustomer.deleteMany({ where: { organisationId: organisation.id } });
    expect(await getDb().sandboxPayment.count({ where: { debtorAccount: { organisationId: organisation.id } } })).toBe(0);
    expect(await getDb().sandboxPayment.count({ where: { debtorAccountId: accounts[0]!.id } })).toBe(0);
  });
});
