// Withdrawing a credential withdraws the tokens it stands behind, seen from
// a running gateway (ephemeral port, this worker's database): a token
// issued with a client secret dies with that secret, and an app reinstated
// after a suspension must get a new secret before it gets tokens again.
// The apps are made through the real apps and credentials code
// (lib/testing/live-app-fixture.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { hashOpaqueSecret } from "@/lib/secrets/opaque-secret";
import { issueClientSecret } from "@/lib/credentials/issue-client-secret";
import { revokeClientSecret } from "@/lib/credentials/revoke-client-secret";
import { suspendApp } from "@/lib/revocation/suspend-app";
import { approveAppReinstatement } from "@/lib/revocation/approve-app-reinstatement";
import { makeUser } from "@/lib/testing/factories";
import { fetchToken, makeLiveApp } from "@/lib/testing/live-app-fixture";
import { startGateway, type Gateway } from "./server";

let gateway: Gateway;

beforeAll(async () => {
  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, rateLimitPerMinute: 100_000 });
});

afterAll(async () => {
  await gateway?.stop();
});

type Live = Awaited<ReturnType<typeof makeLiveApp>>;

async function call(live: Live, token: string) {
  const response = await fetch(`${gateway.url}/sandbox/${live.slug}/${live.version}/payments?accountId=${live.accounts[0]!.accountId}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: await response.text() };
}

async function tokenStatus(live: Live, client: { clientId: string; secret: string }) {
  const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.secret)}`).toString("base64");
  const response = await fetch(`${gateway.url}/oauth2/token`, {
    method: "POST",
    headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", scope: "payments:read" }),
  });
  return { status: response.status, body: (await response.json()) as { error?: string; access_token?: string } };
}

describe("revoking a client secret revokes the tokens issued with it", () => {
  it("records the issuing secret on the token row, and the next call after revocation is 401 while the other secret's token still works", async () => {
    const live = await makeLiveApp();
    const token = await fetchToken(gateway.url, live);
    const row = await getDb().accessToken.findUniqueOrThrow({ where: { tokenHash: hashOpaqueSecret(token) } });
    const secretRow = await getDb().clientSecret.findUniqueOrThrow({ where: { secretHash: hashOpaqueSecret(live.secret) } });
    expect(row).toMatchObject({ clientSecretId: secretRow.id, prefix: token.slice(0, 12), sourceIp: "127.0.0.1", issuedVia: "client_credentials" });

    // A rotated-in second secret and its token: revoking the first must leave these alone.
    const second = await issueClientSecret({ actor: live.developer.actor, appId: live.appId });
    const otherToken = await fetchToken(gateway.url, { clientId: live.clientId, secret: second.secret });
    // Warm the gateway's access cache with both tokens.
    for (let i = 0; i < 2; i++) {
      expect((await call(live, token)).status).toBe(200);
      expect((await call(live, otherToken)).status).toBe(200);
    }

    const result = await revokeClientSecret({ actor: live.developer.actor, appId: live.appId, secretId: secretRow.id });

    const after = await call(live, token);
    expect(after.status).toBe(401);
    expect(JSON.parse(after.body).detail).toBe("The access token is not active: the token was revoked");
    expect((await call(live, otherToken)).status).toBe(200);
    expect(result).toEqual({ tokensRevoked: 1 });
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "secret.revoke", targetId: live.appId } });
    expect(audit.details).toMatchObject({ secretId: secretRow.id, tokensRevoked: 1 });
  });
});

describe("reinstating a suspended app requires new credentials", () => {
  it("refuses the secret the app had at suspension; a secret issued after reinstatement works", async () => {
    const live = await makeLiveApp();
    const compliance = await makeUser({ role: "compliance" });
    await fetchToken(gateway.url, live);
    await suspendApp({ actor: compliance.actor, appId: live.appId, unverifiedReason: "Client secret leaked in a public repository" });
    expect((await tokenStatus(live, live)).status).toBe(400);

    await approveAppReinstatement({ actor: live.admin.actor, appId: live.appId, unverifiedReason: "Owner rotated their deployment" });
    const reinstated = await approveAppReinstatement({ actor: compliance.actor, appId: live.appId, unverifiedReason: "Incident closed after review" });
    expect(reinstated).toMatchObject({ reinstated: true, status: "approved" });

    const old = await tokenStatus(live, live);
    expect(old).toEqual({ status: 401, body: { error: "invalid_client", error_description: "Client authentication failed" } });
    expect(reinstated.secretsRevoked).toBe(1);
    const secrets = await getDb().clientSecret.findMany({ where: { appId: live.appId } });
    expect(secrets.every((s) => s.revokedAt !== null)).toBe(true);

    const fresh = await issueClientSecret({ actor: live.developer.actor, appId: live.appId });
    const issued = await tokenStatus(live, { clientId: live.clientId, secret: fresh.secret });
    expect(issued.status).toBe(200);
    expect((await call(live, issued.body.access_token!)).status).toBe(200);
  });
});
