// Event callbacks end to end inside one process: registration, the outbox
// rows a compliance revocation writes in its own transaction, signed delivery
// to a receiver on 127.0.0.1 (verified with the standardwebhooks package, as
// a receiver would), retries with backoff, resend, and safe claiming.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { PorticoError } from "@/lib/errors";
import { removeAppApi } from "@/lib/revocation/remove-app-api";
import { revokeAppTokens } from "@/lib/revocation/revoke-app-tokens";
import { suspendApp } from "@/lib/revocation/suspend-app";
import { makeApprovedApp } from "@/lib/testing/compliance-fixtures";
import { makeUser } from "@/lib/testing/factories";
import { claimDueDeliveries, deliverDueCallbacks, MAX_ATTEMPTS, retryDelayMs } from "./deliver-callbacks";
import { enqueueEvent } from "./enqueue-event";
import { listCallbacks } from "./list-callbacks";
import { registerCallbackEndpoint } from "./register-callback-endpoint";
import { removeCallbackEndpoint } from "./remove-callback-endpoint";
import { resendCallbackDelivery } from "./resend-callback-delivery";
import { rotateCallbackSigningSecret } from "./rotate-signing-secret";

type Received = { headers: http.IncomingHttpHeaders; body: string };
const received: Received[] = [];
let replyStatus = 204;
let receiver: http.Server;
let receiverUrl: string;

async function setLoopback(on: boolean) {
  await getDb().bankSetting.upsert({ where: { key: "callbacksAllowLoopback" }, create: { key: "callbacksAllowLoopback", value: on }, update: { value: on } });
}

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(replyStatus).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/portico-events`;
  await setLoopback(true);
});
afterAll(async () => {
  await setLoopback(false);
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

async function setup() {
  const developer = await makeUser({ role: "developer" });
  const compliance = await makeUser({ role: "compliance" });
  const { app, version } = await makeApprovedApp({ organisationId: developer.user.organisationId!, ownerId: developer.user.id });
  return { developer, compliance, app, version };
}

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof PorticoError) return error.code;
    throw error;
  }
}

const deliveriesOf = (appId: string) => getDb().callbackDelivery.findMany({ where: { appId }, orderBy: { createdAt: "asc" } });

describe("event callbacks", () => {
  // The worker claims every due delivery of the database: those other test files of this vitest worker
  // queued (their receivers long gone) would be claimed and fail alongside this file's own.
  beforeEach(async () => {
    await getDb().callbackDelivery.deleteMany({ where: { status: "pending" } });
  });

  it("registers a URL, shows the signing secret once and keeps it only encrypted; scoped to the developer's organisation; audited", async () => {
    const { developer, app } = await setup();
    const first = await registerCallbackEndpoint({ actor: developer.actor, appId: app.id, unverifiedInput: { url: receiverUrl, events: ["access.revoked"] } });
    expect(first.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const second = await registerCallbackEndpoint({ actor: developer.actor, appId: app.id, unverifiedInput: { url: `${receiverUrl}/2?token=abc`, events: ["card.frozen"] } });
    expect(second.signingSecret).toBeUndefined();
    const key = await getDb().callbackSigningKey.findUniqueOrThrow({ where: { appId: app.id } });
    expect(key.ciphertext).not.toContain(first.signingSecret!.slice(6, 20));
    expect(key.hint).toBe(first.signingSecret!.slice(-4));
    const listed = await listCallbacks({ actor: developer.actor, appId: app.id });
    expect(listed.signingSecretHint).toBe(key.hint);
    expect(listed.endpoints.map((e) => e.events)).toEqual([["access.revoked"], ["card.frozen"]]);
    const audit = await getDb().auditEvent.findMany({ where: { targetId: app.id, action: "callback.register" }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => (a.details as { url: string }).url)).toEqual([receiverUrl, `${receiverUrl}/2`]); // never the query string

    const stranger = await makeUser({ role: "developer" });
    expect(await codeOf(registerCallbackEndpoint({ actor: stranger.actor, appId: app.id, unverifiedInput: { url: receiverUrl, events: ["access.revoked"] } }))).toBe("not_found");
    expect(await codeOf(listCallbacks({ actor: stranger.actor, appId: app.id }))).toBe("not_found");
    expect(await codeOf(removeCallbackEndpoint({ actor: stranger.actor, appId: app.id, endpointId: listed.endpoints[0]!.id }))).toBe("not_found");
    expect(await codeOf(rotateCallbackSigningSecret({ actor: stranger.actor, appId: app.id }))).toBe("not_found");
  });

  it("refuses URLs the guard would refuse, with a readable problem, and unknown events", async () => {
    const { developer, app } = await setup();
    const register = (input: unknown) => registerCallbackEndpoint({ actor: developer.actor, appId: app.id, unverifiedInput: input });
    for (const url of ["https://10.0.0.8/hook", "https://169.254.169.254/", "https://[::ffff:127.0.0.1]/", "ftp://example.test/", "https://u:p@example.test/"]) {
      expect(await codeOf(register({ url, events: ["access.revoked"] })), url).toBe("validation_failed");
    }
    expect(await codeOf(register({ url: "https://example.test/", events: ["everything"] }))).toBe("validation_failed");
    await setLoopback(false);
    try {
      expect(await codeOf(register({ url: receiverUrl, events: ["access.revoked"] }))).toBe("validation_failed");
      expect(await codeOf(register({ url: "https://127.0.0.1/", events: ["access.revoked"] }))).toBe("validation_failed");
    } finally {
      await setLoopback(true);
    }
    expect(await getDb().callbackEndpoint.count({ where: { appId: app.id } })).toBe(0);
  });

  it("a compliance suspension queues access.revoked in its own transaction; the worker delivers it signed per Standard Webhooks", async () => {
    const { developer, compliance, app } = await setup();
    const { signingSecret } = await registerCallbackEndpoint({ actor: developer.actor, appId: app.id, unverifiedInput: { url: receiverUrl, events: ["access.revoked"] } });
    await registerCallbackEndpoint({ actor: developer.actor, appId: app.id, unverifiedInput: { url: `${receiverUrl}/cards`, events: ["card.frozen"] } });

    await suspendApp({ actor: compliance.actor, appId: app.id, unverifiedReason: "Suspicious traffic from this client" });
    // A revocation that fails writes no event.
    expect(await codeOf(suspendApp({ actor: compliance.actor, appId: app.id, unverifiedReason: "Suspicious traffic again" }))).toBe("conflict");
    const [queued, ...more] = await deliveriesOf(app.id);
    expect(more).toEqual([]); // only the endpoint subscribed to access.revoked
    expect(queued).toMatchObject({ type: "access.revoked", status: "pending", attempts: 0, organisationId: developer.user.organisationId });

    received.length = 0;
    replyStatus = 204;
    expect(await deliverDueCallbacks()).toMatchObject({ sent: 1, failed: 0 });
    expect(received).toHaveLength(1);
    const [got] = received;
    const payload = new Webhook(signingSecret!).verify(got!.body, got!.headers as Record<string, string>) as { type: string; data: Record<string, unknown> };
    expect(payload).toMatchObject({ type: "access.revoked", data: { appId: app.id, what: "app_suspended", cause: "app" } });
    expect(JSON.stringify(payload)).not.toContain("Suspicious traffic"); // the officer's reason stays in the bank
    expect(got!.headers["webhook-id"]).toBe(queued!.eventId);
    // A tampered body or another secret does not verify; neither does an old timestamp (replay).
    expect(() => new Webhook(signingSecret!).verify(got!.body.replace("app_suspended", "nothing"), got!.headers as Record<string, string>)).toThrow();
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`).verify(got!.body, got!.headers as Record<string, string>)).toThrow();
    const stale = { ...(got!.headers as Record<string, string>), "webhook-timestamp": String(Math.floor(Date.now() / 1000) - 600) };
    expect(() => new Webhook(signingSecret!).verify(got!.body, stale)).toThrow(/timestamp/i);

    const done = await getDb().callbackDelivery.findUniqueOrThrow({ where: { id: queued!.id } });
    expect(done).toMatchObject({ status: "succeeded", attempts: 1, lastStatusCode: 204, lastError: null, lockedUntil: null, claimId: null });
    expect(await deliverDueCallbacks()).toEqual({ sent: 0, failed: 0 });
  });

  it("other compliance revocations raise the event too: all tokens revoked, an API removed", async () => {
    const { developer, compliance, app, version } = await setup();
    await registerCallbackEndpoint({ actor: developer.actor, appId: app.id, unverifiedInput: { url: receiverUrl, events: ["access.revoked"] } });
    await revokeAppTokens({ actor: compliance.actor, appId: app.id, unverifiedReason: "Token leaked in a public repository" });
    await removeAppApi({ actor: compliance.actor, appId: app.id, apiVersionId: version.id, unverifiedReason: "Not covered by the contract" });
    const rows = await deliveriesOf(app.id);
    expect(rows.map((r) => (r.payload as { data: { what: string } }).data.what).sort()).toEqual(["api_removed", "tokens_revoked"]);
  });

  it("retries a failing receiver with exponential backoff, gives up after the last attempt, and resends on request (audited)", async () => {
    const { developer, app } = await setup();
    await registerCallbackEndpoint({ actor: developer.actor, appId: app.id, unverifiedInput: { url: receiverUrl, events: ["card.frozen"] } });
    const { eventId } = await getDb().$transaction((tx) =>
      enqueueEvent(tx, { organisationId: developer.user.organisationId!, appId: app.id, type: "card.frozen", data: { cardId: "card_1", frozen: true } }),
    );
    replyStatus = 500;
    let now = Date.now();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const at = new Date(now);
      await deliverDueCallbacks({ now: () => at });
      const row = (await deliveriesOf(app.id))[0]!;
      expect(row.attempts).toBe(attempt);
      expect(row.lastStatusCode).toBe(500);
      if (attempt < MAX_ATTEMPTS) {
        expect(row.status).toBe("pending");
        expect(row.nextAttemptAt.getTime()).toBe(at.getTime() + retryDelayMs(attempt));
        // Not due before its time.
        expect(await claimDueDeliveries({ now: new Date(row.nextAttemptAt.getTime() - 1) })).toEqual([]);
        now = row.nextAttemptAt.getTime();
      } else expect(row.status).toBe("failed");
    }
    expect(retryDelayMs(1)).toBeLessThan(retryDelayMs(2));

    replyStatus = 200;
    received.length = 0;
    const original = (await deliveriesOf(app.id))[0]!;
    const stranger = await makeUser({ role: "developer" });
    expect(await codeOf(resendCallbackDelivery({ actor: stranger.actor, appId: app.id, deliveryId: original.id }))).toBe("not_found");
    const resent = await resendCallbackDelivery({ actor: developer.actor, appId: app.id, deliveryId: original.id });
    expect(resent.eventId).toBe(eventId);
    expect(await deliverDueCallbacks()).toMatchObject({ sent: 1 });
    expect(received.map((r) => r.headers["webhook-id"])).toEqual([eventId]);
    expect((await getDb().callbackDelivery.findUniqueOrThrow({ where: { id: resent.id } })).status).toBe("succeeded");
    expect((await getDb().callbackDelivery.findUniqueOrThrow({ where: { id: original.id } })).status).toBe("failed");
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { targetId: app.id, action: "callback.resend" } });
    expect(audit.details).toMatchObject({ deliveryId: original.id, newDeliveryId: resent.id, eventId });
  });

  it("claims each due row once across concurrent workers; a lease that lapsed (a crashed process) is claimed again and the stale claim records nothing", async () => {
    const { developer, app } = await setup();
    await registerCallbackEndpoint({ actor: developer.actor, appId: app.id, unverifiedInput: { url: receiverUrl, events: ["payment.status_changed"] } });
    const at = new Date(Date.now() + 365 * 86_400_000); // later than anything other tests left due
    await getDb().$transaction(async (tx) => {
      for (let i = 0; i < 6; i++) await enqueueEvent(tx, { organisationId: developer.user.organisationId!, appId: app.id, type: "payment.status_changed", data: { paymentId: `pay_${i}`, status: "booked" }, now: at });
    });
    const mine = new Set((await deliveriesOf(app.id)).map((r) => r.id));
    const [a, b] = await Promise.all([claimDueDeliveries({ now: at, limit: 100 }), claimDueDeliveries({ now: at, limit: 100 })]);
    const claimedA = a.map((c) => c.id).filter((id) => mine.has(id));
    const claimedB = b.map((c) => c.id).filter((id) => mine.has(id));
    expect(claimedA.filter((id) => claimedB.includes(id))).toEqual([]);
    expect([...claimedA, ...claimedB].sort()).toEqual([...mine].sort());

    // Nothing is claimable while the leases hold; after they lapse, another process takes the rows over.
    expect((await claimDueDeliveries({ now: at, limit: 100 })).filter((c) => mine.has(c.id))).toEqual([]);
    const later = new Date(at.getTime() + 61_000);
    const takeover = (await claimDueDeliveries({ now: later, limit: 100 })).filter((c) => mine.has(c.id));
    expect(takeover).toHaveLength(mine.size);
    const stale = [...a, ...b].find((c) => c.id === takeover[0]!.id)!;
    const updated = await getDb().callbackDelivery.updateMany({ where: { id: stale.id, claimId: stale.claimId }, data: { status: "succeeded" } });
    expect(updated.count).toBe(0);
    await getDb().callbackDelivery.deleteMany({ where: { appId: app.id } });
  });
});
