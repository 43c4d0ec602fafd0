import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { makeUser } from "@/lib/testing/factories";
import { makeApiVersion, makeDeveloperWithSandbox } from "@/lib/testing/catalog-fixtures";
import { setMakerChecker } from "@/lib/testing/settings-fixtures";
import { updateBankSettings } from "@/lib/settings/update-bank-settings";
import { getBankSettings, DEFAULT_BANK_SETTINGS } from "@/lib/settings/bank-settings";
import { setApiSelfService } from "@/lib/catalog/set-api-self-service";
import { setApiVisibility } from "@/lib/catalog/set-api-visibility";
import { approveAppRequest } from "./approve-app-request";
import { createApp } from "./create-app";
import { saveAppDraft } from "./save-app-draft";
import { submitAppRequest } from "./submit-app-request";

type Version = Awaited<ReturnType<typeof makeApiVersion>>;

async function setup() {
  const dev = await makeDeveloperWithSandbox();
  const admin = await makeUser({ role: "admin" });
  const payments = await makeApiVersion({ selfService: true, scopes: { "payments:read": "Read payments", "payments:write": "Pay" } });
  const fx = await makeApiVersion({ selfService: true, scopes: { "fx:read": "Read rates" } });
  const cards = await makeApiVersion({ selfService: false, scopes: { "cards:read": "Read cards" } });
  return { dev, admin, payments, fx, cards };
}

type Setup = Awaited<ReturnType<typeof setup>>;

async function submitNew(s: Setup, apis: Version[]) {
  const { id } = await createApp({
    actor: s.dev.actor,
    unverifiedInput: {
      name: `Self-service ${apis.length}`,
      apis: apis.map((v) => ({ apiVersionId: v.version.id, scopes: Object.keys(v.version.scopes as Record<string, string>).slice(0, 1) })),
      accountIds: [s.dev.accounts[0]!.id],
      justification: "Trying the sandbox",
    },
  });
  const submitted = await submitAppRequest({ actor: s.dev.actor, appId: id });
  return { appId: id, ...submitted };
}

const approvalsOf = (appId: string) => getDb().auditEvent.findMany({ where: { targetId: appId, action: "app.approve" }, orderBy: { seq: "asc" } });

let restore: (() => Promise<unknown>) | undefined;
afterEach(async () => {
  await restore?.();
  restore = undefined;
});

describe("self-service sandbox policy", () => {
  it("is on by default", async () => {
    expect(DEFAULT_BANK_SETTINGS.autoApproveSandboxApps).toBe(true);
    expect((await getBankSettings(getDb())).autoApproveSandboxApps).toBe(true);
  });

  it("approves an app asking only for self-service APIs at once, through the admin's approval, audited as policy", async () => {
    const s = await setup();
    const { appId, requestId, status } = await submitNew(s, [s.payments, s.fx]);
    expect(status).toBe("approved");
    const app = await getDb().app.findUniqueOrThrow({ where: { id: appId }, include: { apis: true, accounts: true } });
    expect(app.status).toBe("approved");
    expect(app.clientId).toMatch(/.+/);
    expect(app.apis.map((a) => a.apiVersionId).sort()).toEqual([s.payments.version.id, s.fx.version.id].sort());
    expect(app.accounts.map((a) => a.accountId)).toEqual([s.dev.accounts[0]!.id]);
    const request = await getDb().appRequest.findUniqueOrThrow({ where: { id: requestId }, include: { approvals: true } });
    expect(request).toMatchObject({ status: "approved", decidedById: null });
    expect(request.approvals).toEqual([]);

    const [approval] = await approvalsOf(appId);
    expect(approval).toMatchObject({ actorRole: "system", actorLabel: "policy", actorId: null });
    expect(approval!.details).toMatchObject({
      decidedBy: "policy",
      setting: "autoApproveSandboxApps",
      selfServiceApis: [`${s.payments.api.slug}@1.0.0`, `${s.fx.api.slug}@1.0.0`].sort(),
      final: true,
    });
    const issued = await getDb().auditEvent.findFirstOrThrow({ where: { targetId: appId, action: "credential.issue" } });
    expect(issued.actorLabel).toBe("policy");
    // Nobody was asked to review it; the developer is told it is approved.
    expect(await getDb().notification.count({ where: { userId: s.admin.user.id, link: `/admin/apps/${appId}` } })).toBe(0);
    expect(await getDb().notification.count({ where: { userId: s.dev.user.id, link: `/apps/${appId}`, message: { contains: "approved" } } })).toBe(1);
  });

  it("sends an app with one restricted API to review, even one once marked self-service", async () => {
    const s = await setup();
    const restricted = await makeApiVersion({ visibility: "restricted", organisationIds: [s.dev.organisationId], selfService: true, scopes: { "credit:read": "Decide" } });
    const { appId, status } = await submitNew(s, [s.payments, restricted]);
    expect(status).toBe("pending");
    expect((await getDb().app.findUniqueOrThrow({ where: { id: appId } })).status).toBe("pending");
    expect(await approvalsOf(appId)).toEqual([]);
    expect(await getDb().notification.count({ where: { userId: s.admin.user.id, link: `/admin/apps/${appId}` } })).toBe(1);
  });

  it("sends an app with one API that is not self-service to review", async () => {
    const s = await setup();
    const { status } = await submitNew(s, [s.payments, s.cards]);
    expect(status).toBe("pending");
  });

  it("approves a change request within self-service APIs at once, and sends one adding another API to review with the grant untouched", async () => {
    const s = await setup();
    const { appId } = await submitNew(s, [s.payments]);
    const self = await saveAppDraft({ actor: s.dev.actor, appId, unverifiedInput: { apis: [{ apiVersionId: s.payments.version.id, scopes: ["payments:read"] }, { apiVersionId: s.fx.version.id, scopes: ["fx:read"] }], justification: "Rates too" } });
    expect(await submitAppRequest({ actor: s.dev.actor, appId })).toEqual({ requestId: self.requestId, status: "approved" });
    const grantAfterSelfService = await getDb().appApi.findMany({ where: { appId }, orderBy: { apiVersionId: "asc" } });
    expect(grantAfterSelfService.map((a) => a.apiVersionId)).toEqual([s.payments.version.id, s.fx.version.id].sort());

    await saveAppDraft({ actor: s.dev.actor, appId, unverifiedInput: { apis: [{ apiVersionId: s.payments.version.id, scopes: ["payments:read"] }, { apiVersionId: s.cards.version.id, scopes: ["cards:read"] }], justification: "Cards too" } });
    const change = await submitAppRequest({ actor: s.dev.actor, appId });
    expect(change.status).toBe("pending");
    expect(await getDb().appApi.findMany({ where: { appId }, orderBy: { apiVersionId: "asc" } })).toEqual(grantAfterSelfService);
    // The admin still approves it the ordinary way.
    expect(await approveAppRequest({ actor: s.admin.actor, appId, requestId: change.requestId })).toMatchObject({ state: "approved" });
    const approvals = await approvalsOf(appId);
    expect(approvals.map((a) => a.actorLabel)).toEqual(["policy", "policy", s.admin.actor.label]);
    expect(approvals[2]!.details).not.toHaveProperty("decidedBy");
  });

  it("sends everything to review while the setting is off", async () => {
    const s = await setup();
    await updateBankSettings({ actor: s.admin.actor, unverifiedChanges: { autoApproveSandboxApps: false } });
    restore = () => updateBankSettings({ actor: s.admin.actor, unverifiedChanges: { autoApproveSandboxApps: true } });
    const { status } = await submitNew(s, [s.payments]);
    expect(status).toBe("pending");
  });

  it("is not subject to maker-checker: one policy decision is final", async () => {
    const s = await setup();
    const checker = await makeUser({ role: "admin" });
    await setMakerChecker(true, { proposer: s.admin.actor, approver: checker.actor });
    restore = () => setMakerChecker(false, { proposer: s.admin.actor, approver: checker.actor });
    const { status } = await submitNew(s, [s.fx]);
    expect(status).toBe("approved");
  });
});

describe("marking an API self-service", () => {
  it("is for admins, audited, and refused for a restricted API; restricting ends it", async () => {
    const s = await setup();
    const slug = s.cards.api.slug;
    await expect(setApiSelfService({ actor: s.dev.actor, slug, unverifiedInput: { selfService: true } })).rejects.toMatchObject({ code: "forbidden" });
    await expect(setApiSelfService({ actor: s.admin.actor, slug, unverifiedInput: { selfService: "yes" } })).rejects.toMatchObject({ code: "validation_failed" });
    await setApiSelfService({ actor: s.admin.actor, slug, unverifiedInput: { selfService: true } });
    const record = await getDb().auditEvent.findFirstOrThrow({ where: { targetId: s.cards.api.id, action: "api.self_service" } });
    expect(record).toMatchObject({ actorId: s.admin.user.id, details: { api: slug, from: false, to: true } });
    expect((await submitNew(s, [s.cards])).status).toBe("approved");

    await setApiVisibility({ actor: s.admin.actor, slug, unverifiedInput: { visibility: "restricted", organisationSlugs: [] } });
    expect((await getDb().api.findUniqueOrThrow({ where: { slug } })).selfService).toBe(false);
    await expect(setApiSelfService({ actor: s.admin.actor, slug, unverifiedInput: { selfService: true } })).rejects.toMatchObject({ code: "conflict" });
  });
});
