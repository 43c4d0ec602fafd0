// The sandbox clock: advancing it books the pending payments whose time has
// come (held for review: one sandbox day; scheduled: the requested date),
// runs standing orders, never twice when advances race, and leaves real time
// (the audit trail) alone. Runs on SQLite and, with DATABASE_URL, PostgreSQL.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { PorticoError } from "@/lib/errors";
import { makeDeveloperWithSandbox } from "@/lib/testing/catalog-fixtures";
import { makeUser } from "@/lib/testing/factories";
import { advanceSandboxClock } from "./advance-sandbox-clock";
import type { AnnouncePaymentOf } from "./book-due-payments";
import { cancelStandingOrder } from "./cancel-standing-order";
import { createStandingOrder } from "./create-standing-order";
import { isoDay, REVIEW_HOLD_MS, startOfDay } from "./payment-schedule";
import { resetSandbox } from "./reset-sandbox";
import { runDueStandingOrders } from "./run-standing-orders";
import { readSandboxClock, sandboxNow } from "./sandbox-clock";
import { createSandboxPayment, type PaymentStatusChange } from "./sandbox-payments";
import { standingOrderDueAt } from "./standing-order-schedule";

const DAY = 24 * 60 * 60 * 1000;

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof PorticoError) return error.code;
    throw error;
  }
}

/** Every announcement, with the app it went to. */
function recorder() {
  const seen: (PaymentStatusChange & { appId: string })[] = [];
  const announce: AnnouncePaymentOf = (app) => async (_tx, change) => {
    seen.push({ ...change, appId: app.appId });
  };
  return { seen, announce };
}

async function developerWithApp() {
  const dev = await makeDeveloperWithSandbox();
  const granted = dev.accounts[0]!;
  const app = await getDb().app.create({
    data: { organisationId: dev.organisationId, ownerId: dev.user.id, name: `Clock app ${Math.random().toString(36).slice(2, 8)}`, status: "approved", accounts: { create: [{ accountId: granted.id }] } },
  });
  return { ...dev, app, granted };
}

/** A payment made now by the sandbox clock, as lib/sandbox makes it. */
async function pay(organisationId: string, appId: string, accountId: string, amountMinor: number, extra: { requestedExecutionDate?: string } = {}) {
  const announce = recorder();
  const result = await createSandboxPayment({
    db: getDb(),
    organisationId,
    appId,
    debtorAccountId: accountId,
    amountMinor,
    currency: "GBP",
    creditorName: "Harbour Estates Ltd",
    creditorIban: "GB94BARC10201530093459",
    reference: "CLOCK",
    pendingAboveMinor: 10_000_00,
    announce: announce.announce({ organisationId, appId }),
    now: await sandboxNow(getDb(), organisationId),
    ...extra,
  });
  if (result.outcome !== "created") throw new Error(`payment not created: ${result.outcome}`);
  return result.payment;
}

const paymentRow = (paymentId: string) => getDb().sandboxPayment.findUniqueOrThrow({ where: { paymentId }, include: { transaction: true } });
const balanceOf = async (id: string) => (await getDb().sandboxAccount.findUniqueOrThrow({ where: { id } })).balanceMinor;

describe("sandbox clock", () => {
  it("is real time until advanced; an advance moves only the developer's organisation, is audited in real time, and refuses bad input", async () => {
    const dev = await developerWithApp();
    const other = await makeDeveloperWithSandbox();
    const before = Date.now();
    expect((await readSandboxClock(getDb(), dev.organisationId)).offsetSeconds).toBe(0);
    const { announce } = recorder();

    const advanced = await advanceSandboxClock({ actor: dev.actor, unverifiedInput: { days: 1 }, announce });
    expect(advanced).toMatchObject({ offsetSeconds: 86_400, advancedBySeconds: 86_400, paymentsBooked: [], standingOrderPayments: [] });
    await advanceSandboxClock({ actor: dev.actor, unverifiedInput: { days: 5, hours: 23, minutes: 60 }, announce });
    const now = await sandboxNow(getDb(), dev.organisationId);
    expect(now.getTime()).toBeGreaterThanOrEqual(before + 7 * DAY);
    expect(now.getTime()).toBeLessThanOrEqual(Date.now() + 7 * DAY);
    expect((await readSandboxClock(getDb(), other.organisationId)).offsetSeconds).toBe(0);

    // The audit trail keeps real time.
    const audit = await getDb().auditEvent.findMany({ where: { action: "sandbox.clock_advance", targetId: dev.organisationId }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => (a.details as { bySeconds: number }).bySeconds)).toEqual([86_400, 6 * 86_400]);
    expect(audit.every((a) => a.at.getTime() <= Date.now())).toBe(true);

    for (const bad of [{}, { days: 0 }, { days: -1 }, { days: 1.5 }, { weeks: 1 }, { days: "1" }, { days: 300, hours: 24 * 70 }, null]) {
      expect(await codeOf(advanceSandboxClock({ actor: dev.actor, unverifiedInput: bad, announce })), JSON.stringify(bad)).toBe("validation_failed");
    }
    const admin = await makeUser({ role: "admin" });
    expect(await codeOf(advanceSandboxClock({ actor: admin.actor, unverifiedInput: { days: 1 }, announce }))).toBe("forbidden");
    expect((await readSandboxClock(getDb(), dev.organisationId)).offsetSeconds).toBe(7 * 86_400);

    // A reset brings the sandbox back to real time.
    await resetSandbox({ actor: dev.actor });
    expect((await readSandboxClock(getDb(), dev.organisationId)).offsetSeconds).toBe(0);
  });

  it("books a payment held for review one sandbox day after it was made, and a scheduled payment when the clock reaches its date", async () => {
    const dev = await developerWithApp();
    const account = dev.accounts.find((a) => a.balanceMinor > 20_000_00)!; // the business account
    const start = await sandboxNow(getDb(), dev.organisationId);
    const held = await pay(dev.organisationId, dev.app.id, account.accountId, 12_000_00);
    const executionDate = isoDay(new Date(start.getTime() + 3 * DAY));
    const scheduled = await pay(dev.organisationId, dev.app.id, account.accountId, 25_00, { requestedExecutionDate: executionDate });
    const immediate = await pay(dev.organisationId, dev.app.id, account.accountId, 10_00, { requestedExecutionDate: isoDay(start) });
    expect([held.status, scheduled.status, immediate.status]).toEqual(["pending", "pending", "completed"]);
    expect((await paymentRow(scheduled.paymentId)).dueAt).toEqual(startOfDay(executionDate));
    expect((await paymentRow(held.paymentId)).transaction).toMatchObject({ status: "pending" });
    const balance = await balanceOf(account.id);
    expect(balance).toBe(account.balanceMinor - 12_000_00 - 25_00 - 10_00);

    const { seen, announce } = recorder();
    const almost = await advanceSandboxClock({ actor: dev.actor, unverifiedInput: { hours: 23 }, announce });
    expect(almost.paymentsBooked).toEqual([]);
    const day = await advanceSandboxClock({ actor: dev.actor, unverifiedInput: { hours: 1 }, announce });
    expect(day.paymentsBooked).toEqual([held.paymentId]);
    const booked = await paymentRow(held.paymentId);
    expect(booked.status).toBe("completed");
    expect(booked.transaction).toMatchObject({ status: "booked", bookedAt: new Date(held.createdAt.getTime() + REVIEW_HOLD_MS) });
    expect(seen).toEqual([expect.objectContaining({ appId: dev.app.id, previousStatus: "pending", payment: expect.objectContaining({ paymentId: held.paymentId, status: "completed" }) })]);
    // Booking moves no money: the payment left the available balance when it was made.
    expect(await balanceOf(account.id)).toBe(balance);
    expect((await paymentRow(scheduled.paymentId)).status).toBe("pending");

    const later = await advanceSandboxClock({ actor: dev.actor, unverifiedInput: { days: 2 }, announce });
    expect(later.paymentsBooked).toEqual([scheduled.paymentId]);
    expect((await paymentRow(scheduled.paymentId)).transaction).toMatchObject({ status: "booked", bookedAt: startOfDay(executionDate) });
    expect(seen.map((s) => s.payment.paymentId)).toEqual([held.paymentId, scheduled.paymentId]);
    const audit = await getDb().auditEvent.findMany({ where: { action: "sandbox.clock_advance", targetId: dev.organisationId }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => (a.details as { paymentsBooked: string[] }).paymentsBooked)).toEqual([[], [held.paymentId], [scheduled.paymentId]]);
    // New sandbox data is dated by the sandbox clock.
    const afterAdvance = await pay(dev.organisationId, dev.app.id, account.accountId, 1_00);
    expect(afterAdvance.createdAt.getTime()).toBeGreaterThanOrEqual(start.getTime() + 3 * DAY);
  });

  it("runs a standing order each time the clock passes a due date, in the app's name; cancelled, it stops", async () => {
    const dev = await developerWithApp();
    const order = await createStandingOrder({
      actor: dev.actor,
      unverifiedInput: { appId: dev.app.id, debtorAccountId: dev.granted.accountId, creditorName: "Landlord Ltd", creditorIban: "GB94 BARC 1020 1530 0934 59", amount: "12.50", reference: "RENT", frequency: "weekly" },
    });
    const now = await sandboxNow(getDb(), dev.organisationId);
    const tomorrow = startOfDay(isoDay(new Date(now.getTime() + DAY)))!;
    expect(order).toMatchObject({ firstPaymentDate: isoDay(tomorrow), currency: dev.granted.currency });

    const { seen, announce } = recorder();
    const advanced = await advanceSandboxClock({ actor: dev.actor, unverifiedInput: { days: 15 }, announce });
    expect(advanced.standingOrderPayments).toHaveLength(3);
    const payments = await getDb().sandboxPayment.findMany({ where: { paymentId: { in: advanced.standingOrderPayments } }, include: { transaction: true }, orderBy: { createdAt: "asc" } });
    expect(payments.map((p) => p.createdAt)).toEqual([0, 1, 2].map((runs) => standingOrderDueAt(tomorrow, "weekly", runs)));
    expect(payments.every((p) => p.appId === dev.app.id && p.status === "completed" && p.amountMinor === 12_50 && p.creditorIban === "GB94BARC10201530093459" && p.transaction?.status === "booked")).toBe(true);
    expect(await balanceOf(dev.granted.id)).toBe(dev.granted.balanceMinor - 3 * 12_50);
    expect(seen.map((s) => [s.appId, s.previousStatus, s.payment.status])).toEqual(Array(3).fill([dev.app.id, null, "completed"]));
    const stored = await getDb().sandboxStandingOrder.findUniqueOrThrow({ where: { standingOrderId: order.standingOrderId } });
    expect(stored).toMatchObject({ runs: 3, nextDueAt: standingOrderDueAt(tomorrow, "weekly", 3) });

    await cancelStandingOrder({ actor: dev.actor, standingOrderId: order.standingOrderId });
    expect((await advanceSandboxClock({ actor: dev.actor, unverifiedInput: { days: 30 }, announce })).standingOrderPayments).toEqual([]);
    expect(await getDb().auditEvent.count({ where: { targetId: dev.organisationId, action: { in: ["sandbox.standing_order_create", "sandbox.standing_order_cancel"] } } })).toBe(2);
  });

  it("refuses a standing order for an account the app is not granted, another organisation's app or account, and a first date not after the sandbox's today", async () => {
    const dev = await developerWithApp();
    const other = await developerWithApp();
    const base = { appId: dev.app.id, debtorAccountId: dev.granted.accountId, creditorName: "Landlord Ltd", creditorIban: "GB94BARC10201530093459", amount: "12.50", reference: "RENT", frequency: "monthly" };
    const attempt = (input: Record<string, unknown>, actor = dev.actor) => codeOf(createStandingOrder({ actor, unverifiedInput: { ...base, ...input } }));
    expect(await attempt({ debtorAccountId: dev.accounts[1]!.accountId })).toBe("validation_failed");
    expect(await attempt({ appId: other.app.id })).toBe("not_found");
    expect(await attempt({ debtorAccountId: other.granted.accountId })).toBe("not_found");
    expect(await attempt({ firstPaymentDate: isoDay(await sandboxNow(getDb(), dev.organisationId)) })).toBe("validation_failed");
    expect(await attempt({ amount: "0.00" })).toBe("validation_failed");
    expect(await attempt({ creditorIban: "GB00BARC10201530093459" })).toBe("validation_failed");
    expect(await attempt({ frequency: "hourly" })).toBe("validation_failed");
    expect(await attempt({ organisationId: other.organisationId })).toBe("validation_failed");
    const admin = await makeUser({ role: "admin" });
    expect(await attempt({}, admin.actor)).toBe("forbidden");
    expect(await codeOf(cancelStandingOrder({ actor: other.actor, standingOrderId: (await createStandingOrder({ actor: dev.actor, unverifiedInput: base })).standingOrderId }))).toBe("not_found");
    expect(await getDb().sandboxStandingOrder.count({ where: { debtorAccount: { organisationId: dev.organisationId } } })).toBe(1);
  });

  it("never books twice when advances race: each due payment is booked and announced once, each standing-order run paid once", async () => {
    const dev = await developerWithApp();
    const account = dev.accounts.find((a) => a.balanceMinor > 20_000_00)!;
    const held = [];
    for (let i = 0; i < 4; i++) held.push(await pay(dev.organisationId, dev.app.id, account.accountId, 10_001_00 + i));
    await createStandingOrder({
      actor: dev.actor,
      unverifiedInput: { appId: dev.app.id, debtorAccountId: dev.granted.accountId, creditorName: "Gym", creditorIban: "GB94BARC10201530093459", amount: "1.00", reference: "GYM", frequency: "daily" },
    });
    const { seen, announce } = recorder();
    const results = await Promise.all([1, 2, 3, 4].map(() => advanceSandboxClock({ actor: dev.actor, unverifiedInput: { days: 2 }, announce })));
    expect((await readSandboxClock(getDb(), dev.organisationId)).offsetSeconds).toBe(8 * 86_400);
    const bookedIds = results.flatMap((r) => r.paymentsBooked);
    expect(bookedIds.sort()).toEqual(held.map((p) => p.paymentId).sort());
    expect(seen.filter((s) => s.previousStatus === "pending").map((s) => s.payment.paymentId).sort()).toEqual(bookedIds);

    // Daily from tomorrow, clock 8 days on: due on days 1..8 → 8 payments, each once, whichever advance made it.
    const made = results.flatMap((r) => r.standingOrderPayments);
    const stored = await getDb().sandboxPayment.findMany({ where: { appId: dev.app.id, reference: "GYM" } });
    expect(stored).toHaveLength(8);
    expect(made.sort()).toEqual(stored.map((p) => p.paymentId).sort());
    expect(new Set(stored.map((p) => p.createdAt.getTime())).size).toBe(8);
    expect(await balanceOf(dev.granted.id)).toBe(dev.granted.balanceMinor - 8 * 1_00);
    expect((await getDb().sandboxStandingOrder.findFirstOrThrow({ where: { appId: dev.app.id } })).runs).toBe(8);

    // Runners racing on the same due runs directly (as a stopped process's leftover would be run again).
    const order = await createStandingOrder({
      actor: dev.actor,
      unverifiedInput: { appId: dev.app.id, debtorAccountId: dev.granted.accountId, creditorName: "Gym", creditorIban: "GB94BARC10201530093459", amount: "2.00", reference: "GYM2", frequency: "daily" },
    });
    const at = new Date((await sandboxNow(getDb(), dev.organisationId)).getTime() + 5 * DAY);
    const runs = await Promise.all([1, 2, 3].map(() => runDueStandingOrders({ db: getDb(), organisationId: dev.organisationId, now: at, announce })));
    const second = await getDb().sandboxPayment.findMany({ where: { appId: dev.app.id, reference: "GYM2" } });
    expect(second).toHaveLength(5);
    // (The first order fell due again by then too: the runners made its payments as well, each once.)
    const madeByRunners = runs.flatMap((r) => r.paymentsMade);
    expect(new Set(madeByRunners).size).toBe(madeByRunners.length);
    expect(madeByRunners).toEqual(expect.arrayContaining(second.map((p) => p.paymentId)));
    expect(await getDb().sandboxPayment.count({ where: { appId: dev.app.id, reference: "GYM" } })).toBe(13);
    expect((await getDb().sandboxStandingOrder.findUniqueOrThrow({ where: { standingOrderId: order.standingOrderId } })).runs).toBe(5);
  });
});

describe("standing-order dates", () => {
  it("counts every date from the first: a monthly order begun on the 31st pays on the last day of shorter months and returns to the 31st", () => {
    const first = new Date("2027-01-31T00:00:00.000Z");
    expect([0, 1, 2, 3, 12, 13].map((runs) => isoDay(standingOrderDueAt(first, "monthly", runs)))).toEqual(["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2028-01-31", "2028-02-29"]);
    expect(isoDay(standingOrderDueAt(first, "weekly", 2))).toBe("2027-02-14");
    expect(isoDay(standingOrderDueAt(first, "daily", 1))).toBe("2027-02-01");
  });
});
