import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { makeUser } from "@/lib/testing/factories";
import { approveAppRequest } from "@/lib/apps/approve-app-request";
import { createApp } from "@/lib/apps/create-app";
import { submitAppRequest } from "@/lib/apps/submit-app-request";
import { makeApiVersion, makeDeveloperWithSandbox } from "@/lib/testing/catalog-fixtures";
import { updateBankSettings } from "@/lib/settings/update-bank-settings";
import { addClientCertificate } from "./add-client-certificate";
import { issueClientSecret } from "./issue-client-secret";
import { hashOpaqueSecret } from "@/lib/secrets/opaque-secret";
import { certificateExpiryState, parseClientCertificate } from "./parse-client-certificate";
import { removeClientCertificate } from "./remove-client-certificate";
import { revokeClientSecret } from "./revoke-client-secret";
import { makeTestCertificate } from "@/lib/testing/make-test-certificate";

const DAY = 86_400_000;

async function approvedApp() {
  const dev = await makeDeveloperWithSandbox();
  const admin = await makeUser({ role: "admin" });
  const { version } = await makeApiVersion();
  const { id: appId } = await createApp({
    actor: dev.actor,
    unverifiedInput: { name: "Payroll", apis: [{ apiVersionId: version.id, scopes: ["accounts:read"] }], accountIds: [dev.accounts[0]!.id], justification: "Payroll checks" },
  });
  await submitAppRequest({ actor: dev.actor, appId });
  const request = await getDb().appRequest.findFirstOrThrow({ where: { appId } });
  await approveAppRequest({ actor: admin.actor, appId, requestId: request.id });
  return { dev, admin, appId };
}

/** The gateway's rule (agreed interface): not revoked and not past expiresAt. */
const secretWorks = async (secret: string, now: Date) =>
  (await getDb().clientSecret.count({ where: { secretHash: hashOpaqueSecret(secret), revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } })) === 1;

describe("client secrets", () => {
  it("issues a secret only after approval, stores only its hash, and shows it once", async () => {
    const dev = await makeDeveloperWithSandbox();
    const { id } = await createApp({ actor: dev.actor, unverifiedInput: { name: "Not yet" } });
    await expect(issueClientSecret({ actor: dev.actor, appId: id })).rejects.toMatchObject({ code: "conflict" });

    const { dev: owner, appId } = await approvedApp();
    const issued = await issueClientSecret({ actor: owner.actor, appId });
    expect(issued.secret).toMatch(/^pcs_[A-Za-z0-9_-]{43}$/);
    const rows = await getDb().clientSecret.findMany({ where: { appId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.secretHash).toBe(hashOpaqueSecret(issued.secret));
    expect(JSON.stringify(rows)).not.toContain(issued.secret);
    const audit = await getDb().auditEvent.findMany({ where: { targetId: appId } });
    expect(JSON.stringify(audit)).not.toContain(issued.secret);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["credential.issue", "secret.issue"]));
  });

  it("rotation keeps the old secret for the bank's overlap window, then it dies", async () => {
    const { dev, admin, appId } = await approvedApp();
    await updateBankSettings({ actor: admin.actor, unverifiedChanges: { secretRotationOverlapSeconds: 3600 } });
    try {
      const t0 = new Date();
      const first = await issueClientSecret({ actor: dev.actor, appId, now: t0 });
      const second = await issueClientSecret({ actor: dev.actor, appId, now: t0 });
      expect(second.previousExpireAt?.getTime()).toBe(t0.getTime() + 3600_000);
      expect(await secretWorks(first.secret, new Date(t0.getTime() + 3599_000))).toBe(true);
      expect(await secretWorks(first.secret, new Date(t0.getTime() + 3601_000))).toBe(false);
      expect(await secretWorks(second.secret, new Date(t0.getTime() + 10 * DAY))).toBe(true);
      const actions = (await getDb().auditEvent.findMany({ where: { targetId: appId }, orderBy: { seq: "asc" } })).map((a) => a.action);
      expect(actions.slice(-2)).toEqual(["secret.issue", "secret.rotate"]);
    } finally {
      await updateBankSettings({ actor: admin.actor, unverifiedChanges: { secretRotationOverlapSeconds: 86_400 } });
    }
  });

  it("revokes a secret at once; another organisation gets 404", async () => {
    const { dev, appId } = await approvedApp();
    const issued = await issueClientSecret({ actor: dev.actor, appId });
    const intruder = await makeDeveloperWithSandbox();
    await expect(revokeClientSecret({ actor: intruder.actor, appId, secretId: issued.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(issueClientSecret({ actor: intruder.actor, appId })).rejects.toMatchObject({ code: "not_found" });
    expect(await secretWorks(issued.secret, new Date())).toBe(true);
    await revokeClientSecret({ actor: dev.actor, appId, secretId: issued.id });
    expect(await secretWorks(issued.secret, new Date())).toBe(false);
    await expect(revokeClientSecret({ actor: dev.actor, appId, secretId: issued.id })).rejects.toMatchObject({ code: "conflict" });
  });

  it("compliance revokes any app's secret with a reason; admins cannot revoke and developers cannot issue for others", async () => {
    const { dev, admin, appId } = await approvedApp();
    const issued = await issueClientSecret({ actor: dev.actor, appId });
    await expect(revokeClientSecret({ actor: admin.actor, appId, secretId: issued.id })).rejects.toMatchObject({ code: "forbidden" });
    await expect(issueClientSecret({ actor: admin.actor, appId })).rejects.toMatchObject({ code: "forbidden" });
    const compliance = await makeUser({ role: "compliance" });
    await expect(revokeClientSecret({ actor: compliance.actor, appId, secretId: issued.id, unverifiedInput: { reason: "Leaked in a public repository", extra: 1 } })).rejects.toMatchObject({ code: "validation_failed" });
    await revokeClientSecret({ actor: compliance.actor, appId, secretId: issued.id, unverifiedInput: { reason: "Leaked in a public repository" } });
    expect(await secretWorks(issued.secret, new Date())).toBe(false);
    const event = await getDb().auditEvent.findFirstOrThrow({ where: { targetId: appId, action: "secret.revoke" } });
    expect(event).toMatchObject({ actorRole: "compliance", reason: "Leaked in a public repository" });
  });
});

describe("client certificates", () => {
  it("stores thumbprint, subject, issuer and validity; refuses duplicates; removes at once", async () => {
    const { dev, appId } = await approvedApp();
    const { certPem } = makeTestCertificate({ commonName: "payroll-client" });
    const cert = await addClientCertificate({ actor: dev.actor, appId, unverifiedInput: { pem: certPem } });
    const { X509Certificate, createHash } = await import("node:crypto");
    const expected = createHash("sha256").update(new X509Certificate(certPem).raw).digest("base64url");
    expect(cert).toMatchObject({ thumbprint: expected, subject: "CN=payroll-client", issuer: "CN=payroll-client", selfSigned: true });
    expect(cert.pem).not.toContain("PRIVATE");
    await expect(addClientCertificate({ actor: dev.actor, appId, unverifiedInput: { pem: certPem } })).rejects.toMatchObject({ code: "conflict" });

    const intruder = await makeDeveloperWithSandbox();
    await expect(removeClientCertificate({ actor: intruder.actor, appId, certificateId: cert.id })).rejects.toMatchObject({ code: "not_found" });
    await removeClientCertificate({ actor: dev.actor, appId, certificateId: cert.id });
    expect(await getDb().clientCertificate.count({ where: { thumbprint: expected, revokedAt: null } })).toBe(0);
    // Added again after removal: allowed, active again.
    await addClientCertificate({ actor: dev.actor, appId, unverifiedInput: { pem: certPem } });
    expect(await getDb().clientCertificate.count({ where: { thumbprint: expected, revokedAt: null } })).toBe(1);
  });

  it("refuses malformed, expired, not-yet-valid and key-bearing input with a clear reason", () => {
    const now = new Date();
    const reason = (pem: string) => {
      try {
        parseClientCertificate(pem, now);
        return "accepted";
      } catch (error) {
        return (error as { code: string; message: string }).code + ": " + (error as Error).message;
      }
    };
    const valid = makeTestCertificate();
    const expired = makeTestCertificate({ notBefore: new Date(now.getTime() - 30 * DAY), notAfter: new Date(now.getTime() - DAY) });
    const future = makeTestCertificate({ notBefore: new Date(now.getTime() + 2 * DAY), notAfter: new Date(now.getTime() + 30 * DAY) });
    expect(reason(valid.certPem)).toBe("accepted");
    expect(reason("hello")).toBe("validation_failed: This is not a PEM certificate (expected -----BEGIN CERTIFICATE-----)");
    expect(reason("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----")).toBe("validation_failed: The certificate is malformed and cannot be read");
    expect(reason(expired.certPem)).toMatch(/^validation_failed: The certificate expired on \d{4}-\d\d-\d\d$/);
    expect(reason(future.certPem)).toMatch(/^validation_failed: The certificate is not valid until \d{4}-\d\d-\d\d$/);
    expect(reason(valid.certPem + "\n" + valid.keyPem)).toMatch(/private key/);
    expect(reason(valid.certPem + "\n" + future.certPem)).toBe("validation_failed: Upload one certificate at a time");
  });

  it("warns within the bank's warning window", () => {
    const now = new Date();
    expect(certificateExpiryState({ notAfter: new Date(now.getTime() + 10 * DAY) }, 30, now)).toBe("expiring");
    expect(certificateExpiryState({ notAfter: new Date(now.getTime() + 40 * DAY) }, 30, now)).toBe("ok");
    expect(certificateExpiryState({ notAfter: new Date(now.getTime() - 1) }, 30, now)).toBe("expired");
  });
});
