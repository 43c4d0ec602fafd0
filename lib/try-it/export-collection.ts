// Postman (collection format v2.1) and Insomnia (export format 4) files for
// one API version (issue 10 item 3): every operation as a request against
// {{baseUrl}}, the developer's first approved account as {{accountId}} /
// {{iban}}, and the token step pre-configured as OAuth 2.0 client
// credentials against the gateway's token URL. The secret is never in the
// file: {{clientSecret}} is a variable the developer fills in their tool.
// Only for a reader who may see the API: the same check as the docs page
// (getApiVersion), so a restricted API's file is the same 404 as its docs.
import type { Actor } from "@/lib/authz/actor";
import { sandboxBaseUrl, tokenUrl } from "@/lib/catalog/docs-spec";
import { getApiVersion } from "@/lib/catalog/get-api-version";
import { getDb } from "@/lib/db";
import { badRequest } from "@/lib/errors";
import { requestParts, sampleOperations, type SampleOperation, type SampleValues } from "./code-samples";

export const EXPORT_FORMATS = ["postman", "insomnia"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Where each file puts the developer's own values. */
const VARIABLE_VALUES: SampleValues = { baseUrl: "{{baseUrl}}", tokenUrl: "{{tokenUrl}}", clientId: "{{clientId}}", accounts: [{ accountId: "{{accountId}}", iban: "{{iban}}" }] };

type Context = { name: string; description: string; baseUrl: string; tokenUrl: string; clientId: string; accountId: string; iban: string; scopes: string[]; operations: SampleOperation[] };

const keep = (value: string) => value;

/** @see https://schema.getpostman.com/json/collection/v2.1.0/collection.json */
function postmanCollection(c: Context) {
  return {
    info: { name: c.name, description: c.description, schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" },
    auth: {
      type: "oauth2",
      oauth2: [
        { key: "grant_type", value: "client_credentials", type: "string" },
        { key: "accessTokenUrl", value: "{{tokenUrl}}", type: "string" },
        { key: "clientId", value: "{{clientId}}", type: "string" },
        { key: "clientSecret", value: "{{clientSecret}}", type: "string" },
        { key: "scope", value: c.scopes.join(" "), type: "string" },
        { key: "client_authentication", value: "header", type: "string" },
        { key: "addTokenTo", value: "header", type: "string" },
        { key: "tokenName", value: "sandbox", type: "string" },
      ],
    },
    variable: [
      { key: "baseUrl", value: c.baseUrl },
      { key: "tokenUrl", value: c.tokenUrl },
      { key: "clientId", value: c.clientId },
      { key: "clientSecret", value: "", description: "Your app's client secret. Never shared: set it in your own environment." },
      { key: "accountId", value: c.accountId },
      { key: "iban", value: c.iban },
    ],
    item: c.operations.map((op) => {
      const { path, query, headers, body } = requestParts(op, VARIABLE_VALUES, keep);
      const raw = `{{baseUrl}}${path}${query.length ? `?${query.map((q) => `${q.name}=${q.value}`).join("&")}` : ""}`;
      return {
        name: op.summary || op.key,
        request: {
          method: op.method,
          header: [{ key: "Accept", value: "application/json" }, ...headers.map((h) => ({ key: h.name, value: h.name.toLowerCase() === "idempotency-key" ? "{{$guid}}" : h.value })), ...(body !== undefined ? [{ key: "Content-Type", value: "application/json" }] : [])],
          url: { raw, host: ["{{baseUrl}}"], path: path.split("/").filter(Boolean), ...(query.length ? { query: query.map((q) => ({ key: q.name, value: q.value })) } : {}) },
          ...(body !== undefined ? { body: { mode: "raw", raw: body, options: { raw: { language: "json" } } } } : {}),
        },
      };
    }),
  };
}

/** Insomnia's export format 4: a workspace, its base environment and one request per operation. */
function insomniaExport(c: Context, slug: string) {
  const workspace = `wrk_${slug.replace(/[^a-z0-9]/gi, "")}`;
  const toInsomnia = (text: string) => text.replace(/\{\{(\w+)\}\}/g, "{{ _.$1 }}");
  return {
    _type: "export",
    __export_format: 4,
    __export_source: "portico",
    resources: [
      { _id: workspace, _type: "workspace", name: c.name, description: c.description, scope: "collection" },
      {
        _id: `env_${workspace}`,
        _type: "environment",
        parentId: workspace,
        name: "Base Environment",
        data: { baseUrl: c.baseUrl, tokenUrl: c.tokenUrl, clientId: c.clientId, clientSecret: "", accountId: c.accountId, iban: c.iban },
      },
      ...c.operations.map((op, i) => {
        const { path, query, headers, body } = requestParts(op, VARIABLE_VALUES, keep);
        return {
          _id: `req_${workspace}_${i}`,
          _type: "request",
          parentId: workspace,
          name: op.summary || op.key,
          method: op.method,
          url: toInsomnia(`{{baseUrl}}${path}`),
          parameters: query.map((q) => ({ name: q.name, value: toInsomnia(q.value) })),
          headers: [{ name: "Accept", value: "application/json" }, ...headers.map((h) => ({ name: h.name, value: h.name.toLowerCase() === "idempotency-key" ? "{% uuid 'v4' %}" : toInsomnia(h.value) })), ...(body !== undefined ? [{ name: "Content-Type", value: "application/json" }] : [])],
          body: body !== undefined ? { mimeType: "application/json", text: toInsomnia(body) } : {},
          authentication: {
            type: "oauth2",
            grantType: "client_credentials",
            accessTokenUrl: "{{ _.tokenUrl }}",
            clientId: "{{ _.clientId }}",
            clientSecret: "{{ _.clientSecret }}",
            scope: c.scopes.join(" "),
            credentialsInBody: false,
          },
        };
      }),
    ],
  };
}

export async function exportCollection({ actor, slug, version, unverifiedFormat }: { actor: Actor; slug: string; version: string; unverifiedFormat: string | null }) {
  const format = (EXPORT_FORMATS as readonly string[]).includes(unverifiedFormat ?? "") ? (unverifiedFormat as ExportFormat) : null;
  if (!format) throw badRequest('format must be "postman" or "insomnia"');
  const detail = await getApiVersion({ actor, slug, version });
  const organisationId = actor.kind === "user" ? actor.organisationId : null;
  const [app, account] = organisationId
    ? await Promise.all([
        getDb().app.findFirst({ where: { organisationId, status: "approved", apis: { some: { apiVersionId: detail.version.id } } }, orderBy: { createdAt: "asc" }, select: { clientId: true } }),
        getDb().sandboxAccount.findFirst({ where: { organisationId, appAccounts: { some: { app: { status: "approved" } } } }, orderBy: { createdAt: "asc" }, select: { accountId: true, iban: true } }),
      ])
    : [null, null];
  const context: Context = {
    name: `${detail.api.name} ${detail.version.version} (sandbox)`,
    description: `${detail.api.summary}\n\nSet clientSecret to your app's client secret; the token is fetched with OAuth 2.0 client credentials from tokenUrl.`.trim(),
    baseUrl: sandboxBaseUrl(detail.api.slug, detail.version.version),
    tokenUrl: tokenUrl(),
    clientId: app?.clientId ?? "",
    accountId: account?.accountId ?? "",
    iban: account?.iban ?? "",
    scopes: Object.keys(detail.version.scopes),
    operations: sampleOperations(detail.version.specResolved, detail.version.overlay.accountMarks),
  };
  const body = format === "postman" ? postmanCollection(context) : insomniaExport(context, detail.api.slug);
  return {
    body: JSON.stringify(body, null, 2),
    contentType: "application/json",
    filename: `${detail.api.slug}-${detail.version.version}.${format === "postman" ? "postman_collection" : "insomnia"}.json`,
  };
}
