import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { issueClientSecret } from "@/lib/credentials/issue-client-secret";
import { createSandboxPayment } from "@/lib/sandbox-data/sandbox-payments";
import { makeApiVersion, makeDeveloperWithSandbox } from "@/lib/testing/catalog-fixtures";
import { makeUser } from "@/lib/testing/factories";
import { storeRequestLogs } from "@/lib/testing/request-logs";
import { createApp } from "./create-app";
import { getGettingStarted } from "./getting-started";
import { submitAppRequest } from "./submit-app-request";

describe("getting-started checklist", () => {
  it("ticks each step from what happened in the developer's organisation only", async () => {
    const dev = await makeDeveloperWithSandbox();
    const other = await makeDeveloperWithSandbox();
    const payments = await makeApiVersion({ selfService: true, scopes: { "payments:write": "Pay" } });
    expect(await getGettingStarted({ actor: dev.actor })).toEqual({ appCreated: false, secretIssued: false, firstCall: false, paymentTried: false, appId: null });

    const { id: appId } = await createApp({
      actor: dev.actor,
      unverifiedInput: { name: "First steps", apis: [{ apiVersionId: payments.version.id, scopes: ["payments:write"] }], accountIds: [dev.accounts[0]!.id], justification: "Trying" },
    });
    expect(await getGettingStarted({ actor: dev.actor })).toMatchObject({ appCreated: true, secretIssued: false, appId });
    await submitAppRequest({ actor: dev.actor, appId });
    await issueClientSecret({ actor: dev.actor, appId });
    expect(await getGettingStarted({ actor: dev.actor })).toMatchObject({ appCreated: true, secretIssued: true, firstCall: false });

    // A refused call is not a first call; a 2xx one is. Another organisation's calls never count.
    const call = { appId, organisationId: dev.organisationId, apiSlug: payments.api.slug, apiVersion: "1.0.0", operationId: "listPayments", at: new Date(), latencyMs: 3 };
    await storeRequestLogs([{ ...call, status: 403 }]);
    expect((await getGettingStarted({ actor: dev.actor }))!.firstCall).toBe(false);
    await storeRequestLogs([{ ...call, status: 200 }]);
    expect(await getGettingStarted({ actor: other.actor })).toMatchObject({ firstCall: false, appCreated: false });
    expect(await getGettingStarted({ actor: dev.actor })).toMatchObject({ firstCall: true, paymentTried: false });

    const paid = await createSandboxPayment({
      db: getDb(), organisationId: dev.organisationId, appId, debtorAccountId: dev.accounts[0]!.accountId, amountMinor: 1234, currency: dev.accounts[0]!.currency,
      creditorName: "Northwind", creditorIban: "GB29NWBK60161331926819", reference: "first", pendingAboveMinor: null, announce: async () => {},
    });
    expect(paid.outcome).toBe("created");
    expect(await getGettingStarted({ actor: dev.actor })).toEqual({ appCreated: true, secretIssued: true, firstCall: true, paymentTried: true, appId });
    expect(await getGettingStarted({ actor: other.actor })).toMatchObject({ paymentTried: false });
  });

  it("is for developers", async () => {
    const admin = await makeUser({ role: "admin" });
    await expect(getGettingStarted({ actor: admin.actor })).rejects.toMatchObject({ code: "forbidden" });
  });
});
