import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { systemActor } from "@/lib/authz/actor";
import { createApp } from "@/lib/apps/create-app";
import { submitAppRequest } from "@/lib/apps/submit-app-request";
import { approveAppRequest } from "@/lib/apps/approve-app-request";
import { publishSpec } from "@/lib/catalog/publish-spec";
import { setApiVisibility } from "@/lib/catalog/set-api-visibility";
import { issueClientSecret } from "@/lib/credentials/issue-client-secret";
import { getDb } from "@/lib/db";
import { makeApiVersion, makeDeveloperWithSandbox } from "@/lib/testing/catalog-fixtures";
import { makeUser } from "@/lib/testing/factories";
import { getApp } from "@/lib/apps/get-app";
import { docsSamples } from "./docs-samples";
import { exportCollection } from "./export-collection";
import { firstCall } from "./first-call";

async function setup() {
  const published = await publishSpec({ actor: systemActor("test"), unverifiedSpec: readFileSync(path.join(process.cwd(), "openapi", "payments.yaml"), "utf8"), filename: "payments.yaml" });
  const version = await getDb().apiVersion.findUniqueOrThrow({ where: { apiId_version: { apiId: published.apiId, version: published.version } } });
  const dev = await makeDeveloperWithSandbox();
  const admin = await makeUser({ role: "admin" });
  const { id: appId } = await createApp({
    actor: dev.actor,
    unverifiedInput: { name: "Exporter", apis: [{ apiVersionId: version.id, scopes: ["payments:read"] }], accountIds: [dev.accounts[1]!.id], justification: "Postman" },
  });
  const submitted = await submitAppRequest({ actor: dev.actor, appId });
  if (submitted.status === "pending") await approveAppRequest({ actor: admin.actor, appId, requestId: submitted.requestId });
  const { secret, clientId } = await issueClientSecret({ actor: dev.actor, appId });
  return { dev, admin, published, secret, clientId: clientId!, account: dev.accounts[1]! };
}

describe("Postman and Insomnia exports", () => {
  it("pre-configure client credentials against the gateway with the developer's client id and account, never the secret", async () => {
    const s = await setup();
    const postman = await exportCollection({ actor: s.dev.actor, slug: s.published.slug, version: s.published.version, unverifiedFormat: "postman" });
    expect(postman.filename).toBe(`payments-${s.published.version}.postman_collection.json`);
    expect(postman.body).not.toContain(s.secret);
    const collection = JSON.parse(postman.body) as { info: { schema: string }; auth: { type: string; oauth2: { key: string; value: string }[] }; variable: { key: string; value: string }[]; item: { name: string; request: { method: string; url: { raw: string } } }[] };
    expect(collection.info.schema).toBe("https://schema.getpostman.com/json/collection/v2.1.0/collection.json");
    const auth = Object.fromEntries(collection.auth.oauth2.map((o) => [o.key, o.value]));
    expect(auth).toMatchObject({ grant_type: "client_credentials", accessTokenUrl: "{{tokenUrl}}", clientId: "{{clientId}}", clientSecret: "{{clientSecret}}" });
    const variables = Object.fromEntries(collection.variable.map((v) => [v.key, v.value]));
    expect(variables).toMatchObject({ clientId: s.clientId, clientSecret: "", accountId: s.account.accountId });
    expect(variables.tokenUrl).toMatch(/\/oauth2\/token$/);
    expect(variables.baseUrl).toMatch(new RegExp(`/sandbox/payments/${s.published.version.replace(/\./g, "\\.")}$`));
    expect(collection.item.map((i) => `${i.request.method} ${i.request.url.raw}`)).toContain("GET {{baseUrl}}/payments?accountId={{accountId}}");

    const insomnia = await exportCollection({ actor: s.dev.actor, slug: s.published.slug, version: s.published.version, unverifiedFormat: "insomnia" });
    expect(insomnia.body).not.toContain(s.secret);
    const file = JSON.parse(insomnia.body) as { __export_format: number; resources: { _type: string; data?: Record<string, string>; authentication?: Record<string, unknown>; url?: string }[] };
    expect(file.__export_format).toBe(4);
    expect(file.resources.find((r) => r._type === "environment")!.data).toMatchObject({ clientId: s.clientId, clientSecret: "", accountId: s.account.accountId });
    const requests = file.resources.filter((r) => r._type === "request");
    expect(requests.length).toBe(collection.item.length);
    expect(requests[0]!.authentication).toMatchObject({ type: "oauth2", grantType: "client_credentials", accessTokenUrl: "{{ _.tokenUrl }}", clientSecret: "{{ _.clientSecret }}" });
    expect(requests[0]!.url).toMatch(/^\{\{ _\.baseUrl \}\}\//);
  });

  it("is the same 404 as the docs for an API the reader may not see, and refuses unknown formats", async () => {
    const dev = await makeDeveloperWithSandbox();
    const admin = await makeUser({ role: "admin" });
    const hidden = await makeApiVersion({ visibility: "registered" });
    await setApiVisibility({ actor: admin.actor, slug: hidden.api.slug, unverifiedInput: { visibility: "restricted", organisationSlugs: [] } });
    await expect(exportCollection({ actor: dev.actor, slug: hidden.api.slug, version: "1.0.0", unverifiedFormat: "postman" })).rejects.toMatchObject({ code: "not_found" });
    await expect(exportCollection({ actor: dev.actor, slug: hidden.api.slug, version: "1.0.0", unverifiedFormat: "har" })).rejects.toMatchObject({ code: "bad_request" });
  });

  it("give the app page a first call and the docs samples the developer's client id and approved account", async () => {
    const s = await setup();
    const app = await getApp({ actor: s.dev.actor, appId: (await getDb().app.findFirstOrThrow({ where: { clientId: s.clientId } })).id });
    const call = (await firstCall(app))!;
    expect(call).toMatchObject({ operation: "GET /payments", clientId: s.clientId, accountId: s.account.accountId });
    expect(call.url).toBe(`${call.baseUrl}/payments?accountId=${s.account.accountId}`);
    expect(call.tokenCurl).toContain(`client_id=${s.clientId}`);
    expect(call.callCurl).toContain(call.url);
    expect(call.script).toMatch(/^ACCESS_TOKEN=\$\(curl --silent --request POST/);
    expect(call.script).toContain(`"authorization: Bearer $ACCESS_TOKEN"`);

    const version = await getDb().apiVersion.findFirstOrThrow({ where: { api: { slug: s.published.slug }, version: s.published.version }, include: { overlay: true } });
    const samples = (await docsSamples({ actor: s.dev.actor, version: { id: version.id, version: version.version, slug: s.published.slug, spec: version.specResolved as never, accountMarks: [] } }))!;
    expect(samples.token.python).toContain(s.clientId);
    expect(samples.operations["POST /payments"]!.csharp).toContain(s.account.accountId);
    await expect(docsSamples({ actor: s.admin.actor, version: { id: version.id, version: version.version, slug: s.published.slug, spec: version.specResolved as never, accountMarks: [] } })).rejects.toMatchObject({ code: "forbidden" });
  });
});
