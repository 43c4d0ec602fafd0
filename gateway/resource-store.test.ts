// Operations without a binding keep state: on a real gateway, a spec with no
// x-portico-sandbox anywhere (lib/testing/data/pets-store.yaml) creates,
// reads, merge-patches, replaces, lists and deletes resources in the
// organisation's resource store; the fields its response schema requires are
// generated; nested collections are scoped by their parent; another
// organisation never sees them; the limits refuse with 413 and 409; Prefer
// still selects the spec's examples; what the store cannot answer (a body its
// response schema refuses, CSV) is Prism's, with the reason in a header; and
// a reset of the organisation's sandbox empties the store.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { createSandboxFxRates } from "@/lib/sandbox-data/sandbox-fx";
import { resetSandbox } from "@/lib/sandbox-data/reset-sandbox";
import { clientCredentialsToken, makeApiVersion, makeApprovedApp, makeOrganisationWithAccounts, TEST_TOKEN_RATE_LIMITS } from "@/lib/testing/gateway-fixtures";
import { startGateway, type Gateway } from "./server";

const SPEC = path.join(process.cwd(), "lib", "testing", "data", "pets-store.yaml");
const LIMITS = { maxResourceBytes: 1024, maxResources: 3, maxBytes: 64 * 1024 };

type Client = { base: string; token: string; organisationId: string; actor: Actor };
let gateway: Gateway;
let tight: Gateway;
let apiVersionId: string;
let mine: Client;
let theirs: Client;
let limited: Client;

async function call(client: Client, method: string, path: string, body?: unknown, headers: Record<string, string> = {}, base = client.base) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${client.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const type = res.headers.get("content-type") ?? "";
  return { status: res.status, headers: res.headers, text, body: text && /json/.test(type) ? (JSON.parse(text) as any) : undefined };
}

let slug: string;
let versionName: string;

/** An organisation with an app granted the pets API, calling through `on`. */
async function newClient(on: Gateway): Promise<Client> {
  const org = await makeOrganisationWithAccounts({ accounts: 1 });
  const app = await makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId, scopes: ["pets"] });
  return {
    base: `${on.url}/sandbox/${slug}/${versionName}`,
    token: await clientCredentialsToken(on.url, app),
    organisationId: org.organisation.id,
    actor: { kind: "user", id: org.owner.id, role: "developer", organisationId: org.organisation.id, label: org.owner.email, ip: "127.0.0.1" },
  };
}

beforeAll(async () => {
  const made = await makeApiVersion({ file: SPEC });
  ({ slug, versionName } = made);
  apiVersionId = made.version.id;
  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, rateLimitPerMinute: 100_000, tokenRateLimits: TEST_TOKEN_RATE_LIMITS });
  tight = await startGateway({ port: 0, host: "127.0.0.1", tls: null, rateLimitPerMinute: 100_000, tokenRateLimits: TEST_TOKEN_RATE_LIMITS, storeLimits: LIMITS });
  mine = await newClient(gateway);
  theirs = await newClient(gateway);
  limited = await newClient(tight);
});

afterAll(async () => {
  await gateway?.stop();
  await tight?.stop();
});

describe("a collection and its items keep what the app does", () => {
  it("creates, reads, merge-patches, replaces, lists and deletes a pet, then answers 404", async () => {
    const created = await call(mine, "POST", "/pets", { name: "Rex", tag: "dog" });
    expect(created.status).toBe(201);
    expect(created.headers.get("x-portico-sandbox-fallback")).toBeNull();
    // The id is the item path's parameter (petId), an integer from the collection's sequence; the
    // fields the Pet schema requires and the request left out are generated, valid for their schemas.
    expect(created.body).toMatchObject({ petId: 1, name: "Rex", tag: "dog" });
    expect(["available", "pending", "sold"]).toContain(created.body.status);
    // A missing date-time is the time of the write, as a server would set it.
    expect(Math.abs(Date.parse(created.body.createdAt) - Date.now())).toBeLessThan(60_000);
    expect(created.headers.get("location")).toBe("/pets/1");

    expect(await call(mine, "GET", "/pets/1")).toMatchObject({ status: 200, body: created.body });

    const patched = await call(mine, "PATCH", "/pets/1", { status: "sold", tag: null }, { "content-type": "application/merge-patch+json" });
    expect(patched.status).toBe(200);
    const { tag: _tag, ...untagged } = created.body;
    expect(patched.body).toEqual({ ...untagged, status: "sold" });

    const second = await call(mine, "POST", "/pets", { name: "Tom" });
    expect(second.body.petId).toBe(2);
    const list = await call(mine, "GET", "/pets");
    expect(list.status).toBe(200);
    expect(list.body).toEqual([patched.body, second.body]);

    // PUT replaces: what it leaves out goes, except the fields the server sets (required, not sent).
    const replaced = await call(mine, "PUT", "/pets/1", { name: "Rex II" });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toEqual({ petId: 1, name: "Rex II", status: "sold", createdAt: created.body.createdAt });

    const deleted = await call(mine, "DELETE", "/pets/1");
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    const gone = await call(mine, "GET", "/pets/1");
    expect(gone.status).toBe(404);
    expect(gone.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(gone.body).toMatchObject({ status: 404, code: "not_found", detail: "No resource 1 in /pets of the organisation's sandbox" });
    expect((await call(mine, "PATCH", "/pets/1", { name: "x" }, { "content-type": "application/merge-patch+json" })).status).toBe(404);
    expect((await call(mine, "DELETE", "/pets/1")).status).toBe(404);
    expect((await call(mine, "GET", "/pets")).body).toEqual([second.body]);
  });

  it("names a string id `id` when the schema has no property like the parameter, and lists inside the response object", async () => {
    const owner = await call(mine, "POST", "/owners", { name: "Ada" });
    expect(owner.status).toBe(201);
    expect(owner.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: "Ada" });
    const list = await call(mine, "GET", "/owners");
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([owner.body]);
    // The envelope's other required field is generated, valid for its schema.
    expect(Number.isInteger(list.body.total)).toBe(true);
  });

  it("scopes a nested collection by its parent, which must exist, and deletes it with the parent", async () => {
    const a = (await call(mine, "POST", "/owners", { name: "Owner A" })).body;
    const b = (await call(mine, "POST", "/owners", { name: "Owner B" })).body;
    expect((await call(mine, "POST", "/owners/no-such-owner/pets", { name: "Stray" })).status).toBe(404);
    const pet = await call(mine, "POST", `/owners/${a.id}/pets`, { name: "Fido" });
    expect(pet.status).toBe(201);
    expect(pet.body.petId).toBe(1);
    expect((await call(mine, "GET", `/owners/${a.id}/pets/1`)).body).toEqual(pet.body);
    expect((await call(mine, "GET", `/owners/${a.id}/pets`)).body).toEqual([pet.body]);
    expect((await call(mine, "GET", `/owners/${b.id}/pets`)).body).toEqual([]);
    expect((await call(mine, "GET", `/owners/${b.id}/pets/1`)).status).toBe(404);

    const deleted = await call(mine, "DELETE", `/owners/${a.id}`);
    expect(deleted).toMatchObject({ status: 200, body: a });
    expect(await getDb().sandboxResource.count({ where: { organisationId: mine.organisationId, collection: `/owners/${a.id}/pets` } })).toBe(0);
    expect((await call(mine, "GET", `/owners/${a.id}/pets`)).status).toBe(404);
  });

  it("is the organisation's own: another organisation's app never sees it and counts its own ids", async () => {
    const made = await call(mine, "POST", "/pets", { name: "Private" });
    expect(made.status).toBe(201);
    expect((await call(theirs, "GET", `/pets/${made.body.petId}`)).status).toBe(404);
    expect((await call(theirs, "PATCH", `/pets/${made.body.petId}`, { name: "Stolen" }, { "content-type": "application/merge-patch+json" })).status).toBe(404);
    expect((await call(theirs, "DELETE", `/pets/${made.body.petId}`)).status).toBe(404);
    expect((await call(theirs, "GET", "/pets")).body).toEqual([]);
    const own = await call(theirs, "POST", "/pets", { name: "Theirs" });
    expect(own.body.petId).toBe(1);
    expect((await call(mine, "GET", `/pets/${made.body.petId}`)).body).toEqual(made.body);
    expect((await call(mine, "GET", "/pets")).body.map((p: { name: string }) => p.name)).not.toContain("Theirs");
  });
});

describe("Prefer and what the store cannot answer go to Prism", () => {
  it("Prefer: example= and code= select the spec's documented answers and store nothing", async () => {
    const before = (await call(mine, "GET", "/pets")).body;
    const example = await call(mine, "POST", "/pets", { name: "Ignored" }, { prefer: "example=rex" });
    expect(example).toMatchObject({ status: 201, body: { petId: 1, name: "Rex", status: "available" } });
    const refused = await call(mine, "POST", "/pets", { name: "Ignored" }, { prefer: "code=422" });
    expect(refused).toMatchObject({ status: 422, body: { title: "Pet refused" } });
    expect((await call(mine, "GET", "/pets")).body).toEqual(before);
  });

  it("a resource its response schema would refuse is not stored: Prism answers and the header says why", async () => {
    const res = await call(mine, "POST", "/notes", { text: "hello", secret: "not in the response schema" });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ noteId: "3fa85f64-5717-4562-b3fc-2c963f66afa6", text: "From the spec" });
    expect(res.headers.get("x-portico-sandbox-fallback")).toMatch(/^the resource would not match the response schema: .*additional properties/);
    expect(await getDb().sandboxResource.count({ where: { organisationId: mine.organisationId, collection: "/notes" } })).toBe(0);
    const stored = await call(mine, "POST", "/notes", { text: "kept" });
    expect(stored.headers.get("x-portico-sandbox-fallback")).toBeNull();
    expect((await call(mine, "GET", `/notes/${stored.body.noteId}`)).body).toEqual(stored.body);
  });

  it("a stored resource the item's GET schema would refuse is answered by Prism, saying why", async () => {
    const stored = await call(mine, "POST", "/notes", { text: "red note", colour: "red" });
    expect(stored.status).toBe(201);
    expect(stored.headers.get("x-portico-sandbox-fallback")).toBeNull();
    const read = await call(mine, "GET", `/notes/${stored.body.noteId}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ noteId: "from-the-spec", text: "The spec's note" });
    expect(read.headers.get("x-portico-sandbox-fallback")).toMatch(/^the stored resource does not match the response schema: .*additional properties/);
  });

  it("a collection that answers in CSV is Prism's", async () => {
    const res = await call(mine, "POST", "/reports");
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.text).toBe("id,total\n1,10\n");
  });
});

describe("limits", () => {
  it("refuses a resource over the size limit with 413 and a full store with 409, until something is deleted", async () => {
    const big = await call(limited, "POST", "/pets", { name: "x".repeat(1100) });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ code: "payload_too_large", detail: expect.stringMatching(/^The resource would be \d+ bytes; the sandbox keeps resources of at most 1024 bytes$/) });
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await call(limited, "POST", "/pets", { name: `Pet ${i}` })).body.petId);
    expect(ids).toEqual([1, 2, 3]);
    const full = await call(limited, "POST", "/owners", { name: "One too many" });
    expect(full.status).toBe(409);
    expect(full.body).toMatchObject({ code: "conflict", detail: "The organisation's sandbox store is full (at most 3 resources): delete resources or reset the sandbox" });
    // Growing a stored resource past the limit is refused too, and leaves it as it was.
    const grown = await call(limited, "PATCH", "/pets/1", { name: "y".repeat(1100) }, { "content-type": "application/merge-patch+json" });
    expect(grown.status).toBe(413);
    expect((await call(limited, "GET", "/pets/1")).body.name).toBe("Pet 0");
    expect((await call(limited, "DELETE", "/pets/2")).status).toBe(204);
    expect((await call(limited, "POST", "/pets", { name: "Fits again" })).body.petId).toBe(4);
    expect(await getDb().sandboxResourceUsage.findUnique({ where: { organisationId: limited.organisationId } })).toMatchObject({ resources: 3 });
  });

  it("racing creates in one organisation take distinct ids and never pass the limit", async () => {
    const racer = await newClient(tight);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => call(racer, "POST", "/pets", { name: `Racer ${i}` })));
    const created = results.filter((r) => r.status === 201);
    expect(created.map((r) => r.body.petId).sort()).toEqual([1, 2, 3]);
    expect(results.filter((r) => r.status !== 201).map((r) => r.status)).toEqual([409, 409, 409, 409, 409]);
    expect(await getDb().sandboxResource.count({ where: { organisationId: racer.organisationId } })).toBe(3);
  });
});

describe("hostile input", () => {
  it("strings no database column can hold (lone surrogates, NUL) and prototype keys in a body never give a 5xx", async () => {
    const raw = async (body: string) => {
      const res = await fetch(`${mine.base}/pets`, { method: "POST", headers: { authorization: `Bearer ${mine.token}`, "content-type": "application/json" }, body });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    // An unpaired surrogate is valid JSON that the database's JSON cannot hold: Prism answers, saying why.
    const unpaired = await fetch(`${mine.base}/pets`, { method: "POST", headers: { authorization: `Bearer ${mine.token}`, "content-type": "application/json" }, body: '{"name":"\\ud800x"}' });
    expect(unpaired.status).toBe(201);
    expect(unpaired.headers.get("x-portico-sandbox-fallback")).toMatch(/unpaired surrogate/);
    const odd = await raw('{"name":"\\u0000\u202e\\uffff","tag":"\\ud83d\\ude00"}');
    expect(odd.status).toBe(201);
    expect((await call(mine, "GET", `/pets/${odd.body.petId}`)).body).toEqual(odd.body);
    const proto = await raw('{"name":"a","__proto__":{"polluted":true}}');
    expect(proto.status).toBe(201);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const patched = await call(mine, "PATCH", `/pets/${proto.body.petId}`, JSON.parse('{"__proto__":{"polluted":true},"name":"b"}'), { "content-type": "application/merge-patch+json" });
    expect(patched.status).toBeLessThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("ids a path cannot hold", () => {
  it("a NUL or an overlong id in the path finds nothing (404), on PostgreSQL too", async () => {
    expect((await call(mine, "GET", "/owners/%00")).status).toBe(404);
    expect((await call(mine, "GET", `/owners/${"a".repeat(600)}`)).status).toBe(404);
    expect((await call(mine, "POST", `/owners/${"a".repeat(2000)}/pets`, { name: "Lost" })).status).toBe(404);
  });
});

describe("the bundled specs' collections belong to their bindings", () => {
  it("credit checks, FX quotes and onboarding applications are created and read back from the sandbox bank, never the store", async () => {
    const org = await makeOrganisationWithAccounts({ accounts: 1 });
    const account = org.accounts[0]!;
    await getDb().$transaction((tx) => createSandboxFxRates({ tx, organisationId: org.organisation.id }));
    const apis = [
      { file: "credit-decisioning", scopes: ["credit:check"], create: "/credit-checks", body: { product: "personal_loan", requestedAmount: { value: "7500.00", currency: "GBP" }, termMonths: 36, annualGrossIncome: { value: "42000.00", currency: "GBP" }, salaryAccountId: account.accountId, consentReference: "cons_20261121_0042" } },
      { file: "fx-rates", scopes: ["fx:read", "fx:quote"], create: "/quotes", body: { sourceAccountId: account.accountId, sellCurrency: "GBP", buyCurrency: "EUR", sellAmount: "1000.00" } },
      { file: "onboarding", scopes: ["kyc:read", "kyc:write"], create: "/applications", body: undefined as unknown },
    ];
    const versions = [];
    for (const api of apis) versions.push(await makeApiVersion({ file: path.join(process.cwd(), "openapi", `${api.file}.yaml`) }));
    const onboarding = versions[2]!.version.specResolved as any;
    apis[2]!.body = onboarding.paths["/applications"].post.requestBody.content["application/json"].example;
    const app = await makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: versions[0]!.version.id, scopes: apis[0]!.scopes, accountIds: [account.id] });
    await getDb().appApi.createMany({ data: versions.slice(1).map((v, i) => ({ appId: app.app.id, apiVersionId: v.version.id, scopes: apis[i + 1]!.scopes })) });
    const token = await clientCredentialsToken(gateway.url, app);
    await gateway.reloadRoutes();
    for (const [i, api] of apis.entries()) {
      const client: Client = { ...mine, token, organisationId: org.organisation.id, base: `${gateway.url}/sandbox/${versions[i]!.slug}/${versions[i]!.versionName}` };
      const created = await call(client, "POST", api.create, api.body);
      expect(created.status, `${api.file}: ${created.text}`).toBeLessThan(300);
      expect(created.headers.get("x-portico-sandbox-fallback"), api.file).toBeNull();
      const id = created.body[({ "credit-decisioning": "checkId", "fx-rates": "quoteId", onboarding: "applicationId" } as Record<string, string>)[api.file]!];
      expect(typeof id, api.file).toBe("string");
      const location = `${api.create}/${id}`;
      const read = await call(client, "GET", location);
      expect(read, api.file).toMatchObject({ status: 200, body: created.body });
      expect(read.headers.get("x-portico-sandbox-fallback"), api.file).toBeNull();
    }
    // A collection whose POST is bound is the binding's: nothing went to the resource store.
    expect(await getDb().sandboxResource.count({ where: { organisationId: org.organisation.id } })).toBe(0);
  });
});

describe("reset", () => {
  it("a reset of the organisation's sandbox empties its store, and only its own", async () => {
    await call(theirs, "POST", "/pets", { name: "Survivor" });
    expect((await call(mine, "GET", "/pets")).body.length).toBeGreaterThan(0);
    const result = await resetSandbox({ actor: mine.actor });
    expect(result.resourcesDeleted).toBeGreaterThan(0);
    expect((await call(mine, "GET", "/pets")).body).toEqual([]);
    expect((await call(mine, "POST", "/pets", { name: "First again" })).body.petId).toBe(1);
    expect((await call(theirs, "GET", "/pets")).body.map((p: { name: string }) => p.name)).toContain("Survivor");
    expect(await getDb().sandboxResource.count({ where: { apiVersionId, organisationId: theirs.organisationId } })).toBeGreaterThan(0);
  });
});
