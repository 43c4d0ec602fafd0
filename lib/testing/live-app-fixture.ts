// A developer with sandbox accounts and an approved app with a client
// secret, made through the real catalogue and apps code paths, for tests
// that drive the gateway (redaction, cross-instance revocation, benchmark).
import { readFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { getDb } from "@/lib/db";
import { systemActor } from "@/lib/authz/actor";
import { publishSpec } from "@/lib/catalog/publish-spec";
import { createApp } from "@/lib/apps/create-app";
import { submitAppRequest } from "@/lib/apps/submit-app-request";
import { approveAppRequest } from "@/lib/apps/approve-app-request";
import { issueClientSecret } from "@/lib/credentials/issue-client-secret";
import { makeUser } from "@/lib/testing/factories";
import { createSandboxData } from "@/lib/sandbox-data/create-sandbox-data";
import { definedScopes } from "@/lib/db/json-columns";

/** The bundled Payments API: account ids in query and body, IBANs in the body. */
export const TEST_BANK_SPEC = path.join(process.cwd(), "openapi", "payments.yaml");
export const TEST_BANK_SCOPES = ["payments:read", "payments:write"];

export async function makeLiveApp() {
  const db = getDb();
  const published = await publishSpec({ actor: systemActor("test"), unverifiedSpec: readFileSync(TEST_BANK_SPEC, "utf8"), filename: "payments.yaml" });
  const version = await db.apiVersion.findUniqueOrThrow({ where: { apiId_version: { apiId: published.apiId, version: published.version } } });
  const developer = await makeUser({ role: "developer" });
  const organisationId = developer.user.organisationId!;
  await db.$transaction((tx) => createSandboxData({ tx, organisationId }));
  const accounts = await db.sandboxAccount.findMany({ where: { organisationId }, orderBy: { createdAt: "asc" } });
  const admin = await makeUser({ role: "admin" });
  const { id: appId } = await createApp({
    actor: developer.actor,
    unverifiedInput: {
      name: `Live app ${randomBytes(3).toString("hex")}`,
      description: "Drives the gateway in tests",
      apis: [{ apiVersionId: version.id, scopes: TEST_BANK_SCOPES }],
      accountIds: accounts.map((a) => a.id),
      justification: "Integration tests of revocation and logging",
    },
  });
  // Where the demo seed made Payments self-service (e2e), the policy approves it at submission.
  const submitted = await submitAppRequest({ actor: developer.actor, appId });
  if (submitted.status === "pending") await approveAppRequest({ actor: admin.actor, appId, requestId: submitted.requestId });
  const { secret, clientId } = await issueClientSecret({ actor: developer.actor, appId });
  return { developer, admin, appId, clientId: clientId!, secret, accounts, slug: published.slug, version: published.version };
}

/** client_credentials at a gateway (RFC 6749 §4.4), client_secret_basic (§2.3.1). */
export async function fetchToken(gatewayUrl: string, client: { clientId: string; secret: string }, scope = TEST_BANK_SCOPES.join(" ")) {
  const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.secret)}`).toString("base64");
  const response = await fetch(`${gatewayUrl}/oauth2/token`, {
    method: "POST",
    headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", scope }),
  });
  if (response.status !== 200) throw new Error(`token endpoint said ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/**
 * A developer of a fresh organisation (seed sandbox data, password
 * TEST_PASSWORD) with an approved app granted every scope of the catalogue's
 * published Accounts and Payments APIs (the demo seed publishes them) and
 * every account of the organisation: what the sandbox journey's try-it
 * needs, without touching the demo organisation's data.
 */
export async function makeSandboxBankApp(options: { apiSlugs?: string[] } = {}) {
  const db = getDb();
  const developer = await makeUser({ role: "developer" });
  const organisationId = developer.user.organisationId!;
  await db.$transaction((tx) => createSandboxData({ tx, organisationId }));
  const accounts = await db.sandboxAccount.findMany({ where: { organisationId }, orderBy: { createdAt: "asc" } });
  const versions = [];
  for (const slug of options.apiSlugs ?? ["accounts", "payments"]) {
    versions.push(await db.apiVersion.findFirstOrThrow({ where: { api: { slug }, lifecycle: "published" }, orderBy: { createdAt: "desc" }, include: { api: { select: { slug: true } } } }));
  }
  const admin = await makeUser({ role: "admin" });
  const name = `Sandbox journey ${randomBytes(3).toString("hex")}`;
  const { id: appId } = await createApp({
    actor: developer.actor,
    unverifiedInput: {
      name,
      description: "Walks the sandbox bank's developer journey",
      apis: versions.map((v) => ({ apiVersionId: v.id, scopes: Object.keys(definedScopes(v.scopes)).sort() })),
      accountIds: accounts.map((a) => a.id),
      justification: "End-to-end test of the sandbox journey",
    },
  });
  // Self-service APIs alone (Payments in the seed) are approved by policy at submission; others wait for the admin.
  const submitted = await submitAppRequest({ actor: developer.actor, appId });
  if (submitted.status === "pending") await approveAppRequest({ actor: admin.actor, appId, requestId: submitted.requestId });
  return { developer, appId, name, organisationId, accounts, versions: versions.map((v) => ({ slug: v.api.slug, version: v.version })) };
}
