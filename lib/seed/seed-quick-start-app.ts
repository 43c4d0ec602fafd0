// Demo seed step: an approved sandbox app for the demo developer, so a new
// user can call the sandbox with curl in the first minute. Its client secret
// is printed to the server log on this first start only (the seed runs once,
// on an empty database) and stored as a hash, so the portal shows it as
// already revealed, like any other secret.
import { getDb } from "@/lib/db";
import { auditedChange } from "@/lib/audit/audited-change";
import { systemActor } from "@/lib/authz/actor";
import { config } from "@/lib/config";
import { newClientId } from "@/lib/apps/client-id";
import { hashOpaqueSecret, newOpaqueSecret } from "@/lib/secrets/opaque-secret";
import { DEMO_USERS } from "./demo-accounts";
import { definedScopes } from "@/lib/db/json-columns";
import { grantableApiVersionWhere } from "@/lib/apps/grantable-api-versions";

export const QUICK_START_APP_NAME = "Quick start (sandbox)";
const API_SLUGS = ["accounts", "payments"] as const;

export async function seedQuickStartApp(log: (line: string) => void = console.log): Promise<string> {
  const db = getDb();
  const developer = await db.user.findUnique({ where: { email: DEMO_USERS[0].email } });
  if (!developer?.organisationId) return "skipped: no demo developer";
  const organisationId = developer.organisationId;
  if (await db.app.findFirst({ where: { organisationId, name: QUICK_START_APP_NAME } })) return "already present";

  const versions = [];
  for (const slug of API_SLUGS) {
    const version = await db.apiVersion.findFirst({
      where: { AND: [grantableApiVersionWhere(organisationId), { api: { slug }, lifecycle: "published" }] },
      orderBy: { createdAt: "desc" },
      include: { api: { select: { slug: true } } },
    });
    if (version) versions.push(version);
  }
  if (versions.length === 0) return "skipped: the catalogue has no accounts or payments API yet";
  const accounts = await db.sandboxAccount.findMany({ where: { organisationId }, orderBy: { createdAt: "asc" }, take: 2 });
  if (accounts.length < 2) return "skipped: the demo organisation has no sandbox accounts";

  // Every scope the spec defines, so every operation of the two APIs can be tried.
  const grants = versions.map((v) => ({ apiVersionId: v.id, slug: v.api.slug, version: v.version, scopes: Object.keys(definedScopes(v.scopes)).sort() }));
  const actor = systemActor("demo seed");
  const clientId = newClientId();
  const secret = newOpaqueSecret("pcs_");
  const app = await auditedChange({
    actor,
    roles: ["system"],
    change: async (tx) => {
      const app = await tx.app.create({
        data: {
          organisationId,
          ownerId: developer.id,
          name: QUICK_START_APP_NAME,
          description: "Made by the demo seed so you can call the sandbox straight away.",
          status: "approved",
          clientId,
        },
      });
      const request = await tx.appRequest.create({
        data: {
          appId: app.id,
          kind: "registration",
          status: "approved",
          justification: "Demo quick start: read the demo organisation's accounts and make sandbox payments.",
          submittedAt: new Date(),
          decidedAt: new Date(),
          apis: { create: grants.map((g) => ({ apiVersionId: g.apiVersionId, scopes: g.scopes })) },
          accounts: { create: accounts.map((a) => ({ accountId: a.id })) },
        },
      });
      await tx.appApi.createMany({ data: grants.map((g) => ({ appId: app.id, apiVersionId: g.apiVersionId, scopes: g.scopes })) });
      await tx.appAccount.createMany({ data: accounts.map((a) => ({ appId: app.id, accountId: a.id })) });
      const row = await tx.clientSecret.create({ data: { appId: app.id, secretHash: hashOpaqueSecret(secret), hint: secret.slice(-4) } });
      const details = { requestId: request.id, clientId };
      return {
        result: app,
        audit: [
          { action: "app.create", targetId: app.id, details },
          { action: "app.approve", targetId: app.id, details },
          { action: "credential.issue", targetId: app.id, details: { ...details, secretId: row.id } },
        ],
      };
    },
  });

  const scope = grants.flatMap((g) => g.scopes).join(" ");
  log(`quick-start app for ${developer.email} (shown on this first start only; the secret is stored as a hash):`);
  log(`  client_id     ${clientId}`);
  log(`  client_secret ${secret}`);
  log(`  curl -s -u '${clientId}:${secret}' -d grant_type=client_credentials -d 'scope=${scope}' ${config.gatewayUrl}/oauth2/token`);
  return `"${app.name}" approved for ${grants.map((g) => `${g.slug} ${g.version}`).join(" and ")} on ${accounts.length} accounts`;
}
