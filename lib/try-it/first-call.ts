// The app page's ready first call (issue 10 item 2): the token request and
// one sandbox call the app's grant allows, with the real gateway URL, the
// app's client id and one of its approved accounts — the curl samples of
// ./code-samples.ts for the operation best suited to a first try (a GET its
// scopes cover that names an account, else one with no path to fill).
import type { AppDetail } from "@/lib/apps/get-app";
import { sandboxBaseUrl, tokenUrl } from "@/lib/catalog/docs-spec";
import { getDb } from "@/lib/db";
import { operationScopes, overlayAccountMarks } from "@/lib/db/json-columns";
import { storedDocument } from "@/lib/openapi/stored-document";
import { ACCESS_TOKEN_PLACEHOLDER, CLIENT_SECRET_PLACEHOLDER } from "./sample-placeholders";
import { operationSamples, operationUrl, sampleOperations, tokenSamples, type SampleValues } from "./code-samples";

export type FirstCall = {
  apiName: string;
  operation: string;
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  accountId: string | null;
  url: string;
  tokenCurl: string;
  callCurl: string;
  /** Both steps as one script for a POSIX shell: the token goes into $ACCESS_TOKEN, the call uses it. */
  script: string;
  /** What stands for the secret in tokenCurl and the token in callCurl, for the page to fill or name. */
  placeholders: { clientSecret: string; accessToken: string };
};

/**
 * Joins the two generated curl commands into one paste-and-run script: the
 * token request, silent, its access_token cut out of the JSON answer, and
 * the call with the token in a double-quoted (so expanded) header.
 */
function firstCallScript(tokenCurl: string, callCurl: string): string {
  const bearer = `'authorization: Bearer ${ACCESS_TOKEN_PLACEHOLDER}'`;
  if (!tokenCurl.startsWith("curl ") || !callCurl.includes(bearer)) throw new Error("first call: unexpected curl sample shape");
  return [
    `ACCESS_TOKEN=$(curl --silent ${tokenCurl.slice("curl ".length)} \\`,
    `  | sed -E 's/.*"access_token" *: *"([^"]+)".*/\\1/')`,
    callCurl.replace(bearer, `"authorization: Bearer $ACCESS_TOKEN"`),
  ].join("\n");
}

/**
 * @param app an app its caller may see (getApp checked the actor); null
 * when it has no client id yet or its grant holds no operation to try.
 */
export async function firstCall(app: Pick<AppDetail, "clientId" | "organisationId" | "allAccounts" | "apis" | "accounts">): Promise<FirstCall | null> {
  if (!app.clientId || app.apis.length === 0) return null;
  const versions = await getDb().apiVersion.findMany({
    where: { id: { in: app.apis.map((a) => a.apiVersionId) } },
    select: { id: true, version: true, specResolved: true, api: { select: { slug: true, name: true } }, overlay: { select: { accountMarks: true } }, operations: { where: { method: "GET" }, select: { method: true, path: true, scopes: true } } },
  });
  const accounts = app.allAccounts
    ? await getDb().sandboxAccount.findMany({ where: { organisationId: app.organisationId }, orderBy: { createdAt: "asc" }, take: 1, select: { accountId: true, iban: true } })
    : app.accounts.map((a) => ({ accountId: a.account.accountId, iban: a.account.iban }));

  type Candidate = { rank: number; version: (typeof versions)[number]; op: ReturnType<typeof sampleOperations>[number] };
  const candidates: Candidate[] = [];
  for (const grant of app.apis) {
    const version = versions.find((v) => v.id === grant.apiVersionId);
    if (!version) continue;
    const allowed = new Set(
      version.operations
        .filter((o) => {
          const alternatives = operationScopes(o.scopes);
          return alternatives.length === 0 || alternatives.some((all) => all.every((s) => grant.scopes.includes(s)));
        })
        .map((o) => `GET ${o.path}`),
    );
    for (const op of sampleOperations(storedDocument(version.specResolved), overlayAccountMarks(version.overlay?.accountMarks ?? []))) {
      if (!allowed.has(op.key)) continue;
      const pathParams = op.parameters.filter((p) => p.in === "path");
      const fillable = pathParams.every((p) => p.account && accounts.length);
      if (!fillable) continue;
      const namesAccount = op.parameters.some((p) => p.account) && accounts.length > 0;
      candidates.push({ rank: (namesAccount ? 0 : 2) + (pathParams.length ? 1 : 0), version, op });
    }
  }
  candidates.sort((a, b) => a.rank - b.rank);
  const best = candidates[0];
  if (!best) return null;
  const values: SampleValues = { baseUrl: sandboxBaseUrl(best.version.api.slug, best.version.version), tokenUrl: tokenUrl(), clientId: app.clientId, accounts };
  const [token, call] = await Promise.all([tokenSamples(values), operationSamples(best.op, values)]);
  return {
    apiName: best.version.api.name,
    operation: best.op.key,
    baseUrl: values.baseUrl,
    tokenUrl: values.tokenUrl,
    clientId: app.clientId,
    accountId: accounts[0]?.accountId ?? null,
    url: operationUrl(best.op, values),
    tokenCurl: token.curl,
    callCurl: call.curl,
    script: firstCallScript(token.curl, call.curl),
    placeholders: { clientSecret: CLIENT_SECRET_PLACEHOLDER, accessToken: ACCESS_TOKEN_PLACEHOLDER },
  };
}
