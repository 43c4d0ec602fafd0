// Rows the compliance tests need (an approved app with a live token, a
// certificate, a granted API, request logs), written straight to the real
// test database: the apps and gateway capabilities that normally create
// them are exercised by their own tests.
import { randomBytes } from "node:crypto";
import { getDb } from "@/lib/db";
import { hashOpaqueSecret, newOpaqueSecret } from "@/lib/secrets/opaque-secret";

const unique = () => randomBytes(5).toString("hex");

export async function makeApprovedApp(options: { organisationId: string; ownerId: string; name?: string }) {
  const db = getDb();
  const api = await db.api.create({ data: { slug: `api-${unique()}`, name: `API ${unique()}` } });
  const version = await db.apiVersion.create({
    data: { apiId: api.id, version: "1.0.0", title: api.name, specSource: {}, specResolved: {}, specSha256: unique(), sizeBytes: 2 },
  });
  const app = await db.app.create({
    data: {
      organisationId: options.organisationId,
      ownerId: options.ownerId,
      name: options.name ?? `App ${unique()}`,
      status: "approved",
      clientId: `pci_${unique()}`,
      apis: { create: { apiVersionId: version.id, scopes: ["accounts:read"] } },
    },
  });
  return { app, api, version };
}

export async function makeAccessToken(appId: string, options: { certThumbprint?: string; expiresInSeconds?: number } = {}) {
  const token = newOpaqueSecret("pat_");
  const row = await getDb().accessToken.create({
    data: {
      tokenHash: hashOpaqueSecret(token),
      appId,
      scope: "accounts:read",
      certThumbprint: options.certThumbprint ?? null,
      expiresAt: new Date(Date.now() + (options.expiresInSeconds ?? 300) * 1000),
    },
  });
  return { token, row };
}

export async function makeCertificate(appId: string) {
  const now = Date.now();
  return getDb().clientCertificate.create({
    data: {
      appId,
      thumbprint: randomBytes(32).toString("base64url"),
      subject: "CN=test client",
      issuer: "CN=test client",
      serialNumber: unique(),
      selfSigned: true,
      notBefore: new Date(now - 86_400_000),
      notAfter: new Date(now + 30 * 86_400_000),
      pem: "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----",
    },
  });
}
