// Maker-checker itself needs a second admin: one admin proposes, a different
// admin approves (applied in that transaction) or either rejects/withdraws.
// Real SQLite (and PostgreSQL when DATABASE_URL is set).
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { makeUser } from "@/lib/testing/factories";
import { setMakerChecker } from "@/lib/testing/settings-fixtures";
import { approveMakerCheckerChange } from "./approve-maker-checker-change";
import { getBankSettings } from "./bank-settings";
import { getPendingMakerCheckerChange } from "./get-pending-maker-checker-change";
import { proposeMakerCheckerChange } from "./propose-maker-checker-change";
import { rejectMakerCheckerChange } from "./reject-maker-checker-change";
import { updateBankSettings } from "./update-bank-settings";

type Admin = Awaited<ReturnType<typeof makeUser>>;
let maker: Admin;
let checker: Admin;
let third: Admin;

const makerChecker = async () => (await getBankSettings(getDb())).makerChecker;
const auditOf = (targetId: string) => getDb().auditEvent.findMany({ where: { targetId }, orderBy: { seq: "asc" }, select: { action: true, actorId: true, details: true } });

beforeAll(async () => {
  [maker, checker, third] = [await makeUser({ role: "admin" }), await makeUser({ role: "admin" }), await makeUser({ role: "admin" })];
});

afterEach(async () => {
  // Leave no proposal open and maker-checker off, as the next test (or file) expects.
  const open = await getPendingMakerCheckerChange(getDb());
  if (open) await rejectMakerCheckerChange({ actor: open.proposedById === maker.user.id ? checker.actor : maker.actor, changeId: open.id });
  await setMakerChecker(false, { proposer: maker.actor, approver: checker.actor });
});

describe("one admin alone", () => {
  it("cannot switch maker-checker through the settings update", async () => {
    await expect(updateBankSettings({ actor: maker.actor, unverifiedChanges: { makerChecker: true } })).rejects.toMatchObject({
      code: "forbidden",
      violations: [{ pointer: "/makerChecker", message: "propose this change for a second admin to approve" }],
    });
    expect(await makerChecker()).toBe(false);
  });

  it("cannot approve their own proposal, so cannot switch it off, approve alone and switch it back on", async () => {
    await setMakerChecker(true, { proposer: maker.actor, approver: checker.actor });
    const { changeId } = await proposeMakerCheckerChange({ actor: maker.actor, unverifiedInput: { makerChecker: false } });
    await expect(approveMakerCheckerChange({ actor: maker.actor, changeId })).rejects.toMatchObject({ code: "forbidden", message: "A second admin must approve a change you proposed" });
    expect(await makerChecker()).toBe(true);
    expect(await getPendingMakerCheckerChange(getDb())).toMatchObject({ id: changeId, makerChecker: false, proposedById: maker.user.id });
  });

  it("still changes the other settings at once", async () => {
    const before = await getBankSettings(getDb());
    const after = await updateBankSettings({ actor: maker.actor, unverifiedChanges: { logRetentionDays: before.logRetentionDays + 1, makerChecker: before.makerChecker } });
    expect(after.logRetentionDays).toBe(before.logRetentionDays + 1);
    await updateBankSettings({ actor: maker.actor, unverifiedChanges: { logRetentionDays: before.logRetentionDays } });
  });
});

describe("two admins", () => {
  it("a different admin approves: applied and audited in the same transaction", async () => {
    const { changeId } = await proposeMakerCheckerChange({ actor: maker.actor, unverifiedInput: { makerChecker: true } });
    expect(await makerChecker()).toBe(false);
    expect(await approveMakerCheckerChange({ actor: checker.actor, changeId })).toEqual({ makerChecker: true });
    expect(await makerChecker()).toBe(true);
    expect(await getPendingMakerCheckerChange(getDb())).toBeNull();
    expect(await auditOf(changeId)).toEqual([
      { action: "settings.maker_checker.propose", actorId: maker.user.id, details: { setting: "makerChecker", from: false, to: true } },
      { action: "settings.maker_checker.approve", actorId: checker.user.id, details: { setting: "makerChecker", from: false, to: true, proposedBy: maker.user.id } },
    ]);
    await expect(approveMakerCheckerChange({ actor: third.actor, changeId })).rejects.toMatchObject({ code: "conflict", message: "This change was already approved" });
  });

  it("another admin rejects, or the proposer withdraws: nothing changes", async () => {
    const first = await proposeMakerCheckerChange({ actor: maker.actor, unverifiedInput: { makerChecker: true } });
    expect(await rejectMakerCheckerChange({ actor: checker.actor, changeId: first.changeId })).toEqual({ status: "rejected" });
    await expect(approveMakerCheckerChange({ actor: third.actor, changeId: first.changeId })).rejects.toMatchObject({ code: "conflict" });
    const second = await proposeMakerCheckerChange({ actor: maker.actor, unverifiedInput: { makerChecker: true } });
    expect(await rejectMakerCheckerChange({ actor: maker.actor, changeId: second.changeId })).toEqual({ status: "withdrawn" });
    expect(await makerChecker()).toBe(false);
    expect((await auditOf(first.changeId)).map((e) => e.action)).toEqual(["settings.maker_checker.propose", "settings.maker_checker.reject"]);
    expect((await auditOf(second.changeId)).map((e) => e.action)).toEqual(["settings.maker_checker.propose", "settings.maker_checker.withdraw"]);
  });

  it("allows one pending proposal at a time, and none that changes nothing", async () => {
    await expect(proposeMakerCheckerChange({ actor: maker.actor, unverifiedInput: { makerChecker: false } })).rejects.toMatchObject({ code: "conflict", message: "Maker-checker is already off" });
    await proposeMakerCheckerChange({ actor: maker.actor, unverifiedInput: { makerChecker: true } });
    await expect(proposeMakerCheckerChange({ actor: checker.actor, unverifiedInput: { makerChecker: true } })).rejects.toMatchObject({ code: "conflict" });
  });

  it("is for admins only", async () => {
    const developer = await makeUser({ role: "developer" });
    const compliance = await makeUser({ role: "compliance" });
    for (const actor of [developer.actor, compliance.actor]) {
      await expect(proposeMakerCheckerChange({ actor, unverifiedInput: { makerChecker: true } })).rejects.toMatchObject({ code: "forbidden" });
    }
    const { changeId } = await proposeMakerCheckerChange({ actor: maker.actor, unverifiedInput: { makerChecker: true } });
    await expect(approveMakerCheckerChange({ actor: compliance.actor, changeId })).rejects.toMatchObject({ code: "forbidden" });
    await expect(rejectMakerCheckerChange({ actor: developer.actor, changeId })).rejects.toMatchObject({ code: "forbidden" });
    expect(await makerChecker()).toBe(false);
  });
});

describe("races", () => {
  it("two admins approving at once apply the change once", async () => {
    const { changeId } = await proposeMakerCheckerChange({ actor: maker.actor, unverifiedInput: { makerChecker: true } });
    const results = await Promise.allSettled([approveMakerCheckerChange({ actor: checker.actor, changeId }), approveMakerCheckerChange({ actor: third.actor, changeId })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
    expect(await makerChecker()).toBe(true);
    expect(await getDb().auditEvent.count({ where: { targetId: changeId, action: "settings.maker_checker.approve" } })).toBe(1);
  });

  it("an approval racing a rejection: exactly one decides", async () => {
    const { changeId } = await proposeMakerCheckerChange({ actor: maker.actor, unverifiedInput: { makerChecker: true } });
    const results = await Promise.allSettled([approveMakerCheckerChange({ actor: checker.actor, changeId }), rejectMakerCheckerChange({ actor: third.actor, changeId })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const row = await getDb().pendingSettingChange.findUniqueOrThrow({ where: { id: changeId } });
    expect(await makerChecker()).toBe(row.status === "approved");
    expect(await getDb().auditEvent.count({ where: { targetId: changeId, action: { in: ["settings.maker_checker.approve", "settings.maker_checker.reject"] } } })).toBe(1);
  });

  it("two admins proposing at once leave one proposal", async () => {
    const results = await Promise.allSettled([
      proposeMakerCheckerChange({ actor: maker.actor, unverifiedInput: { makerChecker: true } }),
      proposeMakerCheckerChange({ actor: checker.actor, unverifiedInput: { makerChecker: true } }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
    expect(await getDb().pendingSettingChange.count({ where: { status: "pending" } })).toBe(1);
  });
});
