import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { makeUser } from "@/lib/testing/factories";
import { makeApprovedApp, makeCertificate } from "@/lib/testing/compliance-fixtures";
import { issueAccessToken } from "@/lib/oauth/issue-access-token";
import { getBankSettings } from "@/lib/settings/bank-settings";
import { hashOpaqueSecret, newOpaqueSecret } from "@/lib/secrets/opaque-secret";
import { revokeToken } from "@/lib/revocation/revoke-token";
import { lookUpToken } from "./look-up-token";

async function setup() {
  const compliance = await makeUser({ role: "compliance" });
  const dev = await makeUser({ role: "developer" });
  const { app } = await makeApprovedApp({ organisationId: dev.user.organisationId!, ownerId: dev.user.id });
  const db = getDb();
  const secret = newOpaqueSecret("pcs_");
  const secretRow = await db.clientSecret.create({ data: { appId: app.id, secretHash: hashOpaqueSecret(secret), hint: secret.slice(-4) } });
  const cert = await makeCertificate(app.id);
  const settings = await getBankSettings(db);
  const issue = (extra: { certThumbprint?: string; clientSecretId?: string } = {}) =>
    issueAccessToken({ db, app: { appId: app.id, tokenLifetimeSeconds: null }, scopes: ["accounts:read"], settings, issuedVia: "client_credentials", sourceIp: "192.0.2.7", ...extra });
  return { compliance, dev, app, secretRow, cert, issue };
}

describe("compliance token lookup", () => {
  it("finds a token by its whole value: issuing app, organisation, times, scopes, accounts, issuing secret, binding, state", async () => {
    const { compliance, app, secretRow, issue } = await setup();
    const issued = await issue({ clientSecretId: secretRow.id });
    await issue({ clientSecretId: secretRow.id });
    const result = await lookUpToken({ actor: compliance.actor, unverifiedInput: { query: issued.accessToken } });
    expect(result).toMatchObject({ by: "value", prefix: issued.accessToken.slice(0, 12), more: false });
    expect(result.tokens).toHaveLength(1);
    const row = await getDb().accessToken.findUniqueOrThrow({ where: { tokenHash: issued.tokenHash } });
    expect(result.tokens[0]).toEqual({
      id: row.id,
      prefix: issued.accessToken.slice(0, 12),
      state: "active",
      scopes: ["accounts:read"],
      issuedVia: "client_credentials",
      sourceIp: "192.0.2.7",
      createdAt: row.createdAt,
      expiresAt: issued.expiresAt,
      revokedAt: null,
      app: { id: app.id, name: app.name, clientId: app.clientId, status: "approved" },
      organisation: { id: app.organisationId, name: expect.any(String) },
      accounts: [],
      binding: null,
      clientSecret: { id: secretRow.id, hint: secretRow.hint, createdAt: secretRow.createdAt, revokedAt: null },
    });
    // Nothing that could be used as the token, or to find it by value, in the result.
    expect(JSON.stringify(result)).not.toContain(issued.accessToken);
    expect(JSON.stringify(result)).not.toContain(issued.tokenHash);
  });

  it("finds tokens by prefix, shows a certificate binding, and the result leads to revocation", async () => {
    const { compliance, cert, issue } = await setup();
    const issued = await issue({ certThumbprint: cert.thumbprint });
    const byPrefix = await lookUpToken({ actor: compliance.actor, unverifiedInput: { query: `  ${issued.accessToken.slice(0, 20)} ` } });
    expect(byPrefix.by).toBe("prefix");
    expect(byPrefix.tokens.map((t) => t.prefix)).toEqual([issued.accessToken.slice(0, 12)]);
    const [found] = byPrefix.tokens;
    expect(found).toMatchObject({ state: "active", clientSecret: null, binding: { thumbprint: cert.thumbprint, certificate: { id: cert.id, subject: "CN=test client", revokedAt: null } } });

    await revokeToken({ actor: compliance.actor, tokenId: found!.id, unverifiedReason: "Developer reported the token leaked" });
    const after = await lookUpToken({ actor: compliance.actor, unverifiedInput: { query: issued.accessToken } });
    expect(after.tokens[0]).toMatchObject({ id: found!.id, state: "revoked", revokedAt: expect.any(Date) });
  });

  it("audits every lookup with the prefix only, never the token value or its hash", async () => {
    const { compliance, issue } = await setup();
    const issued = await issue();
    await lookUpToken({ actor: compliance.actor, unverifiedInput: { query: issued.accessToken } });
    const unknown = newOpaqueSecret("pat_");
    expect((await lookUpToken({ actor: compliance.actor, unverifiedInput: { query: unknown } })).tokens).toEqual([]);
    const records = await getDb().auditEvent.findMany({ where: { action: "token.lookup", actorId: compliance.user.id }, orderBy: { seq: "asc" } });
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ actorRole: "compliance", targetType: "access_tokens", sourceIp: "127.0.0.1", details: { by: "value", prefix: issued.accessToken.slice(0, 12), found: [expect.any(String)] } });
    expect(records[1]!.details).toMatchObject({ by: "value", prefix: unknown.slice(0, 12), found: [] });
    const text = JSON.stringify(records);
    for (const value of [issued.accessToken, issued.tokenHash, unknown, hashOpaqueSecret(unknown)]) expect(text).not.toContain(value);
  });

  it("is for compliance only; admins and developers are refused and nothing is recorded", async () => {
    const { dev, issue } = await setup();
    const admin = await makeUser({ role: "admin" });
    const issued = await issue();
    await expect(lookUpToken({ actor: admin.actor, unverifiedInput: { query: issued.accessToken } })).rejects.toMatchObject({ code: "forbidden" });
    await expect(lookUpToken({ actor: dev.actor, unverifiedInput: { query: issued.accessToken } })).rejects.toMatchObject({ code: "forbidden" });
    expect(await getDb().auditEvent.count({ where: { action: "token.lookup", actorId: { in: [admin.user.id, dev.user.id] } } })).toBe(0);
  });

  it("refuses what cannot be a token or a token prefix", async () => {
    const { compliance } = await setup();
    for (const query of ["", "pat_abc", "pcs_abcdefghijkl", "pat_abcdefgh'--", `pat_${"a".repeat(44)}`, 42]) {
      await expect(lookUpToken({ actor: compliance.actor, unverifiedInput: { query } })).rejects.toMatchObject({ code: "validation_failed" });
    }
    await expect(lookUpToken({ actor: compliance.actor, unverifiedInput: { query: "pat_abcdefgh", extra: 1 } })).rejects.toMatchObject({ code: "validation_failed" });
  });
});
