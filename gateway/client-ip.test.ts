// The gateway's idea of the client's address (lib/client-ip) as the audit
// trail records it: a spoofed X-Forwarded-For from an untrusted peer is
// ignored; behind a trusted proxy, the entry that proxy appended counts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { fetchToken, makeLiveApp } from "@/lib/testing/live-app-fixture";
import { startGateway, type Gateway } from "./server";

let direct: Gateway;
let behindProxy: Gateway;
let live: Awaited<ReturnType<typeof makeLiveApp>>;

beforeAll(async () => {
  live = await makeLiveApp();
  direct = await startGateway({ port: 0, host: "127.0.0.1", tls: null, trustedProxies: [] });
  behindProxy = await startGateway({ port: 0, host: "127.0.0.1", tls: null, trustedProxies: ["127.0.0.0/8"] });
});
afterAll(async () => {
  await direct?.stop();
  await behindProxy?.stop();
});

/** Revokes a fresh token through `gateway` with the given X-Forwarded-For; the audit record's source IP. */
async function revokeVia(gateway: Gateway, forwardedFor: string) {
  const token = await fetchToken(gateway.url, live);
  const basic = Buffer.from(`${encodeURIComponent(live.clientId)}:${encodeURIComponent(live.secret)}`).toString("base64");
  const response = await fetch(`${gateway.url}/oauth2/revoke`, {
    method: "POST",
    headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": forwardedFor, "x-real-ip": "203.0.113.67" },
    body: new URLSearchParams({ token }),
  });
  expect(response.status).toBe(200);
  const row = await getDb().accessToken.findFirstOrThrow({ where: { appId: live.appId, revokedAt: { not: null } }, orderBy: { revokedAt: "desc" } });
  const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "token.revoke", targetId: row.id } });
  return audit.sourceIp;
}

describe("client address at the gateway", () => {
  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", async () => {
    expect(await revokeVia(direct, "203.0.113.66")).toBe("127.0.0.1");
  });

  it("takes the right-most untrusted entry behind a trusted proxy", async () => {
    expect(await revokeVia(behindProxy, "203.0.113.66, 198.51.100.4")).toBe("198.51.100.4");
  });
});
