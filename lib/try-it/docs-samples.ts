// The docs page's code samples for one API version and one developer
// (./code-samples.ts): the token step once, and every operation, with the
// sandbox URL, the client id of the developer's first approved app that has
// this version in its grant, and the accounts approved for their apps.
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { sandboxBaseUrl, tokenUrl } from "@/lib/catalog/docs-spec";
import { getDb } from "@/lib/db";
import type { AccountMark } from "@/lib/db/json-columns";
import type { OpenApiDocument } from "@/lib/openapi/stored-document";
import { ACCESS_TOKEN_PLACEHOLDER, CLIENT_SECRET_PLACEHOLDER } from "./sample-placeholders";
import { operationSamples, sampleOperations, tokenSamples, type Samples } from "./code-samples";

export type DocsSamples = { token: Samples; operations: Record<string, Samples>; placeholders: { clientSecret: string; accessToken: string } };

/** The accounts to show: those granted to the organisation's approved apps (an all-accounts grant: every one), else the organisation's own. */
async function sampleAccounts(organisationId: string) {
  const apps = await getDb().app.findMany({ where: { organisationId, status: "approved" }, select: { allAccounts: true, accounts: { select: { account: { select: { accountId: true, iban: true } } } } } });
  const granted = apps.flatMap((a) => a.accounts.map((g) => g.account));
  if (granted.length && !apps.some((a) => a.allAccounts)) return granted;
  return getDb().sandboxAccount.findMany({ where: { organisationId }, orderBy: { createdAt: "asc" }, take: 3, select: { accountId: true, iban: true } });
}

/**
 * @param version a version the actor may see (the docs page loaded it through getApiVersion)
 */
export async function docsSamples(options: {
  actor: Actor;
  version: { id: string; version: string; slug: string; spec: OpenApiDocument; accountMarks: readonly AccountMark[] };
}): Promise<DocsSamples | null> {
  const { actor, version } = options;
  requireRole(actor, ...docsSamples.roles);
  if (actor.kind !== "user" || !actor.organisationId) return null;
  const [app, accounts] = await Promise.all([
    getDb().app.findFirst({ where: { organisationId: actor.organisationId, status: "approved", apis: { some: { apiVersionId: version.id } } }, orderBy: { createdAt: "asc" }, select: { clientId: true } }),
    sampleAccounts(actor.organisationId),
  ]);
  const values = { baseUrl: sandboxBaseUrl(version.slug, version.version), tokenUrl: tokenUrl(), clientId: app?.clientId, accounts };
  const operations = sampleOperations(version.spec, version.accountMarks);
  const [token, ...rendered] = await Promise.all([tokenSamples(values), ...operations.map((op) => operationSamples(op, values))]);
  return {
    token: token!,
    operations: Object.fromEntries(operations.map((op, i) => [op.key, rendered[i]!])),
    placeholders: { clientSecret: CLIENT_SECRET_PLACEHOLDER, accessToken: ACCESS_TOKEN_PLACEHOLDER },
  };
}
docsSamples.roles = ["developer"] as const;
