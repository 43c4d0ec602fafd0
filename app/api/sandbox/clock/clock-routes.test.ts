// The sandbox clock's portal API as a client calls it: a developer's session
// advances their organisation's clock, a booked payment's
// payment.status_changed lands in the app's callback outbox through the real
// announce hook, and bad input is 422 problem+json with a pointer.
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { GET as clockRoute } from "@/app/api/sandbox/clock/route";
import { POST as advanceRoute } from "@/app/api/sandbox/clock/advance/route";
import { POST as standingOrdersRoute } from "@/app/api/sandbox/standing-orders/route";
import { portalOrigin } from "@/lib/auth/same-origin";
import { sessionCookieName } from "@/lib/auth/session-cookie";
import { sessionSecret } from "@/lib/auth/session-secret";
import { startSession } from "@/lib/auth/start-session";
import { registerCallbackEndpoint } from "@/lib/callbacks/register-callback-endpoint";
import { getDb } from "@/lib/db";
import { sandboxNow } from "@/lib/sandbox-data/sandbox-clock";
import { createSandboxPayment } from "@/lib/sandbox-data/sandbox-payments";
import { announcePaymentTo } from "@/lib/sandbox/announce-payment";
import { makeDeveloperWithSandbox } from "@/lib/testing/catalog-fixtures";

const NO_PARAMS = { params: Promise.resolve({}) };

async function signedIn() {
  const dev = await makeDeveloperWithSandbox();
  const { secret } = await startSession({ user: dev.user });
  const cookie = `${sessionCookieName()}=${await encode({ token: { sid: secret }, secret: sessionSecret() })}`;
  const call = (route: typeof advanceRoute, method: string, path: string, body?: string, type = "application/json") =>
    route(new Request(`${portalOrigin()}${path}`, { method, body, headers: { cookie, origin: portalOrigin(), ...(body === undefined ? {} : { "content-type": type }) } }), NO_PARAMS);
  return { ...dev, call };
}

async function expectProblem(response: Response, status: number) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return JSON.parse(text) as { code: string; violations?: { pointer: string; message: string }[] };
}

describe("sandbox clock routes", () => {
  it("advances the caller's organisation's clock and books its due payment, whose callback is queued for the app that made it", async () => {
    const dev = await signedIn();
    const account = dev.accounts.find((a) => a.balanceMinor > 20_000_00)!;
    const app = await getDb().app.create({ data: { organisationId: dev.organisationId, ownerId: dev.user.id, name: `Clock route app ${Date.now()}`, status: "approved" } });
    await registerCallbackEndpoint({ actor: dev.actor, appId: app.id, unverifiedInput: { url: "https://receiver.example/portico-events", events: ["payment.status_changed"] } });
    const made = await createSandboxPayment({
      db: getDb(), organisationId: dev.organisationId, appId: app.id, debtorAccountId: account.accountId, amountMinor: 15_000_00, currency: "GBP",
      creditorName: "Harbour Estates Ltd", creditorIban: "GB94BARC10201530093459", reference: "ROUTE", pendingAboveMinor: 10_000_00,
      announce: announcePaymentTo({ organisationId: dev.organisationId, appId: app.id }), now: await sandboxNow(getDb(), dev.organisationId),
    });
    if (made.outcome !== "created") throw new Error(made.outcome);

    const response = await dev.call(advanceRoute, "POST", "/api/sandbox/clock/advance", JSON.stringify({ days: 1 }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ offsetSeconds: 86_400, paymentsBooked: [made.payment.paymentId] });
    const clock = await (await dev.call(clockRoute, "GET", "/api/sandbox/clock")).json();
    expect(clock).toMatchObject({ offsetSeconds: 86_400 });

    const queued = await getDb().callbackDelivery.findMany({ where: { appId: app.id }, orderBy: { createdAt: "asc" } });
    expect(queued.map((d) => (d.payload as { data: { status: string; previousStatus: string | null } }).data)).toEqual([
      expect.objectContaining({ paymentId: made.payment.paymentId, previousStatus: null, status: "pending" }),
      expect.objectContaining({ paymentId: made.payment.paymentId, previousStatus: "pending", status: "completed" }),
    ]);
  });

  it("refuses bad input as 422 problem+json with pointers, and other media types as 415", async () => {
    const dev = await signedIn();
    const negative = await expectProblem(await dev.call(advanceRoute, "POST", "/api/sandbox/clock/advance", JSON.stringify({ days: -1 })), 422);
    expect(negative).toMatchObject({ code: "validation_failed", violations: [{ pointer: "/days" }] });
    const unknown = await expectProblem(await dev.call(advanceRoute, "POST", "/api/sandbox/clock/advance", JSON.stringify({ weeks: 1 })), 422);
    expect(unknown.code).toBe("validation_failed");
    await expectProblem(await dev.call(advanceRoute, "POST", "/api/sandbox/clock/advance", "days=1", "application/x-www-form-urlencoded"), 415);
    const order = await expectProblem(await dev.call(standingOrdersRoute, "POST", "/api/sandbox/standing-orders", JSON.stringify({ amount: "x" })), 422);
    expect(order.violations!.map((v) => v.pointer)).toEqual(expect.arrayContaining(["/appId", "/debtorAccountId", "/amount", "/frequency"]));
    expect((await (await dev.call(clockRoute, "GET", "/api/sandbox/clock")).json()).offsetSeconds).toBe(0);
  });
});
