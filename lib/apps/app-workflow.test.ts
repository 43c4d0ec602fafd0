import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { makeUser } from "@/lib/testing/factories";
import { setMakerChecker } from "@/lib/testing/settings-fixtures";
import { updateBankSettings } from "@/lib/settings/update-bank-settings";
import { approveAppRequest } from "./approve-app-request";
import { createApp } from "./create-app";
import { getApp } from "./get-app";
import { listApps } from "./list-apps";
import { listAppHistory } from "./list-app-history";
import { rejectAppRequest } from "./reject-app-request";
import { saveAppDraft } from "./save-app-draft";
import { setAppTokenLifetime } from "./set-app-token-lifetime";
import { submitAppRequest } from "./submit-app-request";
import { withdrawAppRequest } from "./withdraw-app-request";
import { effectiveTokenLifetimeSeconds } from "./token-lifetime";
import { getBankSettings } from "@/lib/settings/bank-settings";
import { makeApiVersion, makeDeveloperWithSandbox } from "@/lib/testing/catalog-fixtures";

async function setup() {
  const dev = await makeDeveloperWithSandbox();
  const admin = await makeUser({ role: "admin" });
  const accounts = await makeApiVersion({ scopes: { "accounts:read": "Read", "transactions:read": "Read transactions" } });
  const payments = await makeApiVersion({ scopes: { "payments:write": "Pay", "payments:read": "Read payments" } });
  return { dev, admin, accounts, payments };
}

async function submittedApp(s: Awaited<ReturnType<typeof setup>>) {
  const { id } = await createApp({
    actor: s.dev.actor,
    unverifiedInput: {
      name: "Budget helper",
      description: "Shows balances",
      apis: [
        { apiVersionId: s.accounts.version.id, scopes: ["accounts:read"] },
        { apiVersionId: s.payments.version.id, scopes: ["payments:read"] },
      ],
      accountIds: [s.dev.accounts[0]!.id, s.dev.accounts[1]!.id],
      justification: "Read-only budgeting for our pilot customers",
    },
  });
  await submitAppRequest({ actor: s.dev.actor, appId: id });
  const request = await getDb().appRequest.findFirstOrThrow({ where: { appId: id, status: "pending" } });
  return { appId: id, requestId: request.id };
}

const grantOf = async (appId: string) => {
  const [apis, accounts] = await Promise.all([getDb().appApi.findMany({ where: { appId } }), getDb().appAccount.findMany({ where: { appId } })]);
  return { apis: apis.map((a) => [a.apiVersionId, a.scopes]).sort(), accounts: accounts.map((a) => a.accountId).sort() };
};

let restoreSettings: (() => Promise<unknown>) | undefined;
afterEach(async () => {
  await restoreSettings?.();
  restoreSettings = undefined;
});

describe("app registration and review", () => {
  it("walks draft → pending → rejected (reason required) → edited draft → pending → approved, auditing each step", async () => {
    const s = await setup();
    const { appId, requestId } = await submittedApp(s);
    expect((await getDb().app.findUniqueOrThrow({ where: { id: appId } })).status).toBe("pending");
    const adminNote = await getDb().notification.findFirst({ where: { userId: s.admin.user.id, link: `/admin/apps/${appId}` } });
    expect(adminNote?.message).toContain("Budget helper");

    await expect(rejectAppRequest({ actor: s.admin.actor, appId, requestId, unverifiedInput: {} })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(rejectAppRequest({ actor: s.admin.actor, appId, requestId, unverifiedInput: { reason: "  " } })).rejects.toMatchObject({ code: "validation_failed" });
    await rejectAppRequest({ actor: s.admin.actor, appId, requestId, unverifiedInput: { reason: "Payments read is not needed for budgeting" } });
    const rejected = await getApp({ actor: s.dev.actor, appId });
    expect(rejected.status).toBe("rejected");
    expect(rejected.clientId).toBeNull();
    expect(rejected.requests[0]!.rejectionReason).toBe("Payments read is not needed for budgeting");
    const devNote = await getDb().notification.findFirst({ where: { userId: s.dev.user.id, link: `/apps/${appId}` } });
    expect(devNote?.message).toContain("Payments read is not needed for budgeting");

    // A rejected request cannot be approved after the fact, nor resubmitted unchanged as-is.
    await expect(approveAppRequest({ actor: s.admin.actor, appId, requestId })).rejects.toMatchObject({ code: "conflict" });
    await expect(submitAppRequest({ actor: s.dev.actor, appId })).rejects.toMatchObject({ code: "conflict" });

    // Editing starts a new draft copying the rejected one; the rejected one stays in history.
    const { requestId: draftId } = await saveAppDraft({ actor: s.dev.actor, appId, unverifiedInput: { apis: [{ apiVersionId: s.accounts.version.id, scopes: ["accounts:read"] }] } });
    expect(draftId).not.toBe(requestId);
    const draft = await getDb().appRequest.findUniqueOrThrow({ where: { id: draftId! }, include: { accounts: true } });
    expect(draft.justification).toBe("Read-only budgeting for our pilot customers");
    expect(draft.accounts).toHaveLength(2);
    expect((await getDb().app.findUniqueOrThrow({ where: { id: appId } })).status).toBe("draft");
    await submitAppRequest({ actor: s.dev.actor, appId });
    const outcome = await approveAppRequest({ actor: s.admin.actor, appId, requestId: draftId! });
    expect(outcome.state).toBe("approved");
    const approved = await getApp({ actor: s.dev.actor, appId });
    expect(approved.status).toBe("approved");
    expect(approved.clientId).toMatch(/^pc_[a-z0-9]{20}$/);
    expect(await grantOf(appId)).toEqual({ apis: [[s.accounts.version.id, ["accounts:read"]]], accounts: [s.dev.accounts[0]!.id, s.dev.accounts[1]!.id].sort() });
    expect(await getDb().appRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: "rejected" });

    const history = await listAppHistory({ actor: s.dev.actor, appId });
    expect(history.map((e) => e.action)).toEqual(["app.create", "app.submit", "app.reject", "app.update", "app.submit", "app.approve", "credential.issue"]);
    expect(history.find((e) => e.action === "app.reject")).toMatchObject({ actorRole: "admin", reason: "Payments read is not needed for budgeting" });
  });

  it("refuses to submit an incomplete request and explains what is missing", async () => {
    const s = await setup();
    const { id } = await createApp({ actor: s.dev.actor, unverifiedInput: { name: "Half done" } });
    const error = await submitAppRequest({ actor: s.dev.actor, appId: id }).catch((e) => e);
    expect(error).toMatchObject({ code: "validation_failed" });
    expect(error.violations.map((v: { pointer: string }) => v.pointer).sort()).toEqual(["/accountIds", "/apis", "/justification"]);
  });

  it("a withdrawn request goes back out of the queue and can be edited", async () => {
    const s = await setup();
    const { appId, requestId } = await submittedApp(s);
    await expect(saveAppDraft({ actor: s.dev.actor, appId, unverifiedInput: { justification: "x" } })).rejects.toMatchObject({ code: "conflict" });
    await withdrawAppRequest({ actor: s.dev.actor, appId });
    await expect(approveAppRequest({ actor: s.admin.actor, appId, requestId })).rejects.toMatchObject({ code: "conflict" });
    expect((await getDb().app.findUniqueOrThrow({ where: { id: appId } })).status).toBe("draft");
    await saveAppDraft({ actor: s.dev.actor, appId, unverifiedInput: { justification: "Updated reason for access" } });
    await submitAppRequest({ actor: s.dev.actor, appId });
  });
});

describe("catalogue validation", () => {
  it("accepts only scopes the spec defines, visible non-retired versions and the organisation's own accounts", async () => {
    const s = await setup();
    const other = await makeDeveloperWithSandbox();
    const restricted = await makeApiVersion({ visibility: "restricted", organisationIds: [other.organisationId] });
    const shared = await makeApiVersion({ visibility: "restricted", organisationIds: [s.dev.organisationId] });
    const retired = await makeApiVersion({ lifecycle: "retired" });
    const attempt = (input: object) => createApp({ actor: s.dev.actor, unverifiedInput: { name: "Probe", ...input } }).catch((e) => e);

    const badScope = await attempt({ apis: [{ apiVersionId: s.accounts.version.id, scopes: ["accounts:read", "admin:all"] }] });
    expect(badScope).toMatchObject({ code: "validation_failed" });
    expect(badScope.violations[0].message).toContain("admin:all");
    for (const version of [restricted.version, retired.version]) {
      const hidden = await attempt({ apis: [{ apiVersionId: version.id, scopes: ["accounts:read"] }] });
      expect(hidden.violations).toEqual([{ pointer: "/apis/0/apiVersionId", message: "This API version is not available" }]);
    }
    const foreignAccount = await attempt({ accountIds: [other.accounts[0]!.id] });
    expect(foreignAccount).toMatchObject({ code: "validation_failed" });
    expect(foreignAccount.violations[0].pointer).toBe("/accountIds");
    const allAccounts = await attempt({ allAccounts: true });
    expect(allAccounts.violations[0].pointer).toBe("/allAccounts");

    const ok = await createApp({ actor: s.dev.actor, unverifiedInput: { name: "Shared", apis: [{ apiVersionId: shared.version.id, scopes: ["accounts:read"] }] } });
    expect(ok.id).toBeTruthy();
    expect(await getDb().app.count({ where: { organisationId: s.dev.organisationId } })).toBe(1);
  });

  it("allows all accounts only when the bank setting allows it", async () => {
    const s = await setup();
    await updateBankSettings({ actor: s.admin.actor, unverifiedChanges: { allowAllAccounts: true } });
    restoreSettings = () => updateBankSettings({ actor: s.admin.actor, unverifiedChanges: { allowAllAccounts: false } });
    const { id } = await createApp({
      actor: s.dev.actor,
      unverifiedInput: { name: "Everything", apis: [{ apiVersionId: s.accounts.version.id, scopes: ["accounts:read"] }], allAccounts: true, justification: "Aggregator" },
    });
    await submitAppRequest({ actor: s.dev.actor, appId: id });
    // The policy changes before the decision: approval re-checks it.
    await updateBankSettings({ actor: s.admin.actor, unverifiedChanges: { allowAllAccounts: false } });
    const request = await getDb().appRequest.findFirstOrThrow({ where: { appId: id } });
    await expect(approveAppRequest({ actor: s.admin.actor, appId: id, requestId: request.id })).rejects.toMatchObject({ code: "validation_failed" });
  });
});

describe("access control and mass assignment", () => {
  it("hides another organisation's apps (404) from reads and every write", async () => {
    const s = await setup();
    const { appId } = await submittedApp(s);
    const intruder = await makeDeveloperWithSandbox();
    const notFound = { code: "not_found" };
    await expect(getApp({ actor: intruder.actor, appId })).rejects.toMatchObject(notFound);
    await expect(listAppHistory({ actor: intruder.actor, appId })).rejects.toMatchObject(notFound);
    await expect(saveAppDraft({ actor: intruder.actor, appId, unverifiedInput: { name: "Mine now" } })).rejects.toMatchObject(notFound);
    await expect(withdrawAppRequest({ actor: intruder.actor, appId })).rejects.toMatchObject(notFound);
    await expect(submitAppRequest({ actor: intruder.actor, appId })).rejects.toMatchObject(notFound);
    expect((await listApps({ actor: intruder.actor })).map((a) => a.id)).not.toContain(appId);
    expect((await listApps({ actor: s.admin.actor })).map((a) => a.id)).toContain(appId);
    // Developers cannot decide; compliance reads but cannot decide.
    const compliance = await makeUser({ role: "compliance" });
    const request = await getDb().appRequest.findFirstOrThrow({ where: { appId, status: "pending" } });
    await expect(approveAppRequest({ actor: s.dev.actor, appId, requestId: request.id })).rejects.toMatchObject({ code: "forbidden" });
    await expect(approveAppRequest({ actor: compliance.actor, appId, requestId: request.id })).rejects.toMatchObject({ code: "forbidden" });
    expect((await getApp({ actor: compliance.actor, appId })).id).toBe(appId);
    expect((await getDb().app.findUniqueOrThrow({ where: { id: appId } })).name).toBe("Budget helper");
  });

  it("refuses status, clientId, organisation or any unknown field in a body", async () => {
    const s = await setup();
    const other = await makeDeveloperWithSandbox();
    for (const extra of [{ status: "approved" }, { clientId: "pc_mine" }, { organisationId: other.organisationId }, { tokenLifetimeSeconds: 86400 }, { decidedById: s.admin.user.id }]) {
      await expect(createApp({ actor: s.dev.actor, unverifiedInput: { name: "Sneaky", ...extra } })).rejects.toMatchObject({ code: "validation_failed" });
    }
    const { id } = await createApp({ actor: s.dev.actor, unverifiedInput: { name: "Honest" } });
    await expect(saveAppDraft({ actor: s.dev.actor, appId: id, unverifiedInput: { status: "approved" } })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(saveAppDraft({ actor: s.dev.actor, appId: id, unverifiedInput: { apis: [{ apiVersionId: s.accounts.version.id, scopes: [], approved: true }] } })).rejects.toMatchObject({ code: "validation_failed" });
    const app = await getDb().app.findUniqueOrThrow({ where: { id } });
    expect(app).toMatchObject({ status: "draft", clientId: null, tokenLifetimeSeconds: null, organisationId: s.dev.organisationId });
    expect(await getDb().app.count({ where: { organisationId: other.organisationId } })).toBe(0);
  });
});

describe("change requests on an approved app", () => {
  it("keeps the old grant in force until the change is approved; a rejected change grants nothing", async () => {
    const s = await setup();
    const { appId, requestId } = await submittedApp(s);
    await approveAppRequest({ actor: s.admin.actor, appId, requestId });
    const before = await grantOf(appId);
    const clientId = (await getDb().app.findUniqueOrThrow({ where: { id: appId } })).clientId;

    const { requestId: changeId } = await saveAppDraft({
      actor: s.dev.actor,
      appId,
      unverifiedInput: {
        apis: [
          { apiVersionId: s.accounts.version.id, scopes: ["accounts:read", "transactions:read"] },
          { apiVersionId: s.payments.version.id, scopes: ["payments:read", "payments:write"] },
        ],
        accountIds: [s.dev.accounts[2]!.id],
        justification: "We now initiate payments",
      },
    });
    const change = await getDb().appRequest.findUniqueOrThrow({ where: { id: changeId! } });
    expect(change.kind).toBe("change");
    expect(await grantOf(appId)).toEqual(before);
    await submitAppRequest({ actor: s.dev.actor, appId });
    expect((await getDb().app.findUniqueOrThrow({ where: { id: appId } })).status).toBe("approved");
    expect(await grantOf(appId)).toEqual(before);

    await rejectAppRequest({ actor: s.admin.actor, appId, requestId: changeId!, unverifiedInput: { reason: "Payment initiation needs a separate contract" } });
    expect(await grantOf(appId)).toEqual(before);
    expect((await getDb().app.findUniqueOrThrow({ where: { id: appId } })).status).toBe("approved");

    const { requestId: secondId } = await saveAppDraft({ actor: s.dev.actor, appId, unverifiedInput: { apis: [{ apiVersionId: s.accounts.version.id, scopes: ["accounts:read", "transactions:read"] }] } });
    await submitAppRequest({ actor: s.dev.actor, appId });
    expect(await grantOf(appId)).toEqual(before);
    await approveAppRequest({ actor: s.admin.actor, appId, requestId: secondId! });
    expect(await grantOf(appId)).toEqual({ apis: [[s.accounts.version.id, ["accounts:read", "transactions:read"]]], accounts: [s.dev.accounts[2]!.id] });
    const after = await getDb().app.findUniqueOrThrow({ where: { id: appId } });
    expect(after.clientId).toBe(clientId);
  });
});

describe("maker-checker and the approval race", () => {
  it("needs two different admins when maker-checker is on", async () => {
    const s = await setup();
    const checker = await makeUser({ role: "admin" });
    const admins = { proposer: s.admin.actor, approver: checker.actor };
    await setMakerChecker(true, admins);
    restoreSettings = () => setMakerChecker(false, admins);
    const { appId, requestId } = await submittedApp(s);
    expect(await approveAppRequest({ actor: s.admin.actor, appId, requestId })).toEqual({ state: "awaiting_second_approval", approvals: 1, required: 2 });
    expect((await getDb().app.findUniqueOrThrow({ where: { id: appId } })).clientId).toBeNull();
    expect(await grantOf(appId)).toEqual({ apis: [], accounts: [] });
    await expect(approveAppRequest({ actor: s.admin.actor, appId, requestId })).rejects.toMatchObject({ code: "conflict" });
    const second = await approveAppRequest({ actor: checker.actor, appId, requestId });
    expect(second.state).toBe("approved");
    expect(await getDb().appApproval.count({ where: { requestId } })).toBe(2);
  });

  it("two admins approving at once produce one decision and one client id", async () => {
    const s = await setup();
    const other = await makeUser({ role: "admin" });
    const { appId, requestId } = await submittedApp(s);
    const results = await Promise.allSettled([
      approveAppRequest({ actor: s.admin.actor, appId, requestId }),
      approveAppRequest({ actor: other.actor, appId, requestId }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(loser.reason).toMatchObject({ code: "conflict" });
    const app = await getDb().app.findUniqueOrThrow({ where: { id: appId } });
    expect((results.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<{ clientId: string }>).value.clientId).toBe(app.clientId);
    expect(await getDb().appApproval.count({ where: { requestId } })).toBe(1);
    const audit = await getDb().auditEvent.findMany({ where: { targetId: appId, action: { in: ["app.approve", "credential.issue"] } } });
    expect(audit).toHaveLength(2);
  });
});

describe("token policy", () => {
  it("admins set a per-app lifetime within the bank's bounds; the default applies otherwise", async () => {
    const s = await setup();
    const { appId } = await submittedApp(s);
    const settings = await getBankSettings(getDb());
    expect(effectiveTokenLifetimeSeconds({ tokenLifetimeSeconds: null }, settings)).toBe(settings.defaultTokenLifetimeSeconds);
    await expect(setAppTokenLifetime({ actor: s.admin.actor, appId, unverifiedInput: { tokenLifetimeSeconds: settings.maxTokenLifetimeSeconds + 1 } })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(setAppTokenLifetime({ actor: s.dev.actor, appId, unverifiedInput: { tokenLifetimeSeconds: 600 } })).rejects.toMatchObject({ code: "forbidden" });
    await setAppTokenLifetime({ actor: s.admin.actor, appId, unverifiedInput: { tokenLifetimeSeconds: 900 } });
    const app = await getDb().app.findUniqueOrThrow({ where: { id: appId } });
    expect(effectiveTokenLifetimeSeconds(app, settings)).toBe(900);
    expect(effectiveTokenLifetimeSeconds(app, { ...settings, maxTokenLifetimeSeconds: 600 })).toBe(600);
  });
});
