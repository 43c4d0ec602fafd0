// Who sees what: restricted APIs are 404 to other organisations everywhere
// (list, detail, docs spec, download, search), anonymous callers learn
// nothing, retired versions leave developers' view, and every admin-only
// function refuses developers and compliance staff.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { makeOrganisation, makeUser } from "@/lib/testing/factories";
import { generateSpec } from "./generate-spec";
import { publishSpec } from "./publish-spec";
import { listApis } from "./list-apis";
import { getApiVersion } from "./get-api-version";
import { exportSpec } from "./export-spec";
import { searchCatalog } from "./search-catalog";
import { setApiVisibility } from "./set-api-visibility";
import { setVersionLifecycle } from "./set-version-lifecycle";
import { createManagementToken } from "./create-management-token";
import { revokeManagementToken } from "./revoke-management-token";
import { listManagementTokens } from "./list-management-tokens";
import { listOrganisationChoices } from "./list-organisations";
import { authenticateManagementToken, managementBudget } from "./authenticate-management-token";
import { createRateLimiter, openRateLimitStore } from "@/lib/rate-limit/rate-limiter";
import { docsSpec } from "./docs-spec";
import { auditDetails } from "@/lib/db/json-columns";

const unique = () => Math.random().toString(36).slice(2, 10);
let restrictedSlug: string;
let openSlug: string;
let secretWord: string;
let insider: Actor;
let outsider: Actor;
let admin: Actor;
let compliance: Actor;
let orgSlug: string;

beforeAll(async () => {
  const org = await makeOrganisation();
  orgSlug = org.slug;
  insider = (await makeUser({ organisationId: org.id })).actor;
  outsider = (await makeUser()).actor;
  admin = (await makeUser({ role: "admin" })).actor;
  compliance = (await makeUser({ role: "compliance" })).actor;
  restrictedSlug = `hidden-${unique()}`;
  openSlug = `open-${unique()}`;
  secretWord = `zorblax${unique().replace(/[0-9]/g, "q")}`;
  await publishSpec({ actor: admin, unverifiedSpec: JSON.stringify(generateSpec({ slug: restrictedSlug, title: "Hidden Treasury API", extraField: secretWord })) });
  await publishSpec({ actor: admin, unverifiedSpec: JSON.stringify(generateSpec({ slug: openSlug, title: "Open Ledger API", extraField: `${secretWord}Open` })) });
  await setApiVisibility({ actor: admin, slug: restrictedSlug, unverifiedInput: { visibility: "restricted", organisationSlugs: [orgSlug] } });
});

describe("restricted APIs", () => {
  it("are listed for the named organisation and staff, and absent for everyone else", async () => {
    const slugs = async (actor: Actor) => (await listApis({ actor })).map((a) => a.slug);
    expect(await slugs(insider)).toEqual(expect.arrayContaining([restrictedSlug, openSlug]));
    expect(await slugs(admin)).toContain(restrictedSlug);
    expect(await slugs(compliance)).toContain(restrictedSlug);
    expect(await slugs(outsider)).toContain(openSlug);
    expect(await slugs(outsider)).not.toContain(restrictedSlug);
    // Developers are not told which organisations an API is shared with.
    expect((await listApis({ actor: insider })).find((a) => a.slug === restrictedSlug)!.organisations).toEqual([]);
    expect((await listApis({ actor: admin })).find((a) => a.slug === restrictedSlug)!.organisations.map((o) => o.slug)).toEqual([orgSlug]);
  });

  it("are 404 to another organisation: detail, a named version, the download — same answer as an API that does not exist", async () => {
    await expect(getApiVersion({ actor: insider, slug: restrictedSlug })).resolves.toMatchObject({ api: { slug: restrictedSlug } });
    const absent = await getApiVersion({ actor: outsider, slug: `no-such-${unique()}` }).catch((e) => e);
    // Each attempt starts only when awaited: a rejection nobody awaits yet would be an unhandled one.
    for (const attempt of [
      () => getApiVersion({ actor: outsider, slug: restrictedSlug }),
      () => getApiVersion({ actor: outsider, slug: restrictedSlug, version: "1.0.0" }),
      () => exportSpec({ actor: outsider, slug: restrictedSlug, version: "1.0.0", unverifiedFormat: "yaml" }),
    ]) {
      const error = await attempt().catch((e) => e);
      expect(error).toMatchObject({ code: "not_found", status: 404, message: absent.message });
    }
  });

  it("never appear in another organisation's search, even for their exact field names", async () => {
    const forInsider = await searchCatalog({ actor: insider, unverifiedQuery: secretWord });
    expect(forInsider.hits.map((h) => h.slug)).toContain(restrictedSlug);
    const forOutsider = await searchCatalog({ actor: outsider, unverifiedQuery: secretWord });
    expect(forOutsider.hits.map((h) => h.slug)).not.toContain(restrictedSlug);
    expect(JSON.stringify(forOutsider)).not.toContain("Hidden Treasury");
    const byName = await searchCatalog({ actor: outsider, unverifiedQuery: "Hidden Treasury" });
    expect(byName.hits.map((h) => h.slug)).not.toContain(restrictedSlug);
  });

  it("disappear at once when an admin restricts an API that was open", async () => {
    const slug = `closing-${unique()}`;
    const word = `quaxil${unique().replace(/[0-9]/g, "z")}`;
    await publishSpec({ actor: admin, unverifiedSpec: JSON.stringify(generateSpec({ slug, extraField: word })) });
    expect((await searchCatalog({ actor: outsider, unverifiedQuery: word })).hits.length).toBeGreaterThan(0);
    await setApiVisibility({ actor: admin, slug, unverifiedInput: { visibility: "restricted", organisationSlugs: [] } });
    expect((await searchCatalog({ actor: outsider, unverifiedQuery: word })).hits).toEqual([]);
    await expect(getApiVersion({ actor: outsider, slug })).rejects.toMatchObject({ code: "not_found" });
    expect((await getDb().auditEvent.findMany({ where: { action: "api.visibility" } })).filter((e) => auditDetails(e.details).api === slug)).toHaveLength(1);
  });
});

describe("anonymous callers", () => {
  it("get unauthenticated from every read function, with nothing about the catalogue in the error", async () => {
    const anonymous = { kind: "client", appId: "x", label: "anonymous" } as Actor;
    const attempts = [
      listApis({ actor: anonymous }),
      getApiVersion({ actor: anonymous, slug: openSlug }),
      exportSpec({ actor: anonymous, slug: openSlug, version: "1.0.0", unverifiedFormat: "json" }),
      searchCatalog({ actor: anonymous, unverifiedQuery: "Open Ledger" }),
    ];
    for (const attempt of attempts) {
      const error = await attempt.catch((e) => e);
      expect(error).toMatchObject({ code: "unauthenticated", status: 401 });
      const said = JSON.stringify({ message: error.message, violations: error.violations, headers: error.headers });
      expect(said).not.toMatch(new RegExp(`${openSlug}|${restrictedSlug}|Ledger|Treasury|operations|apis`, "i"));
    }
  });
});

describe("versions and lifecycle", () => {
  it("shows the newest version by default, keeps older ones reachable and hides retired ones from developers only", async () => {
    const slug = `multi-${unique()}`;
    for (const version of ["1.2.0", "1.10.0", "1.9.0"]) {
      await publishSpec({ actor: admin, unverifiedSpec: JSON.stringify(generateSpec({ slug, version })) });
    }
    expect((await getApiVersion({ actor: outsider, slug })).version.version).toBe("1.10.0");
    expect((await getApiVersion({ actor: outsider, slug, version: "1.2.0" })).version.version).toBe("1.2.0");

    await setVersionLifecycle({ actor: admin, slug, version: "1.10.0", unverifiedInput: { lifecycle: "retired", reason: "replaced" } });
    const detail = await getApiVersion({ actor: outsider, slug });
    expect(detail.version.version).toBe("1.9.0");
    expect(detail.versions.map((v) => v.version)).toEqual(["1.9.0", "1.2.0"]);
    await expect(getApiVersion({ actor: outsider, slug, version: "1.10.0" })).rejects.toMatchObject({ code: "not_found" });
    // Kept, and staff still see it.
    expect((await getApiVersion({ actor: admin, slug, version: "1.10.0" })).version.lifecycle).toBe("retired");
    expect(await getDb().apiVersion.count({ where: { api: { slug } } })).toBe(3);
    expect((await getDb().auditEvent.findMany({ where: { action: "api.lifecycle" } })).find((e) => auditDetails(e.details).api === slug)).toMatchObject({ reason: "replaced" });

    await expect(setVersionLifecycle({ actor: admin, slug, version: "1.9.0", unverifiedInput: { lifecycle: "archived" } })).rejects.toMatchObject({ code: "validation_failed" });
  });
});

describe("docs spec", () => {
  it("points servers at the sandbox and the token URL at this gateway, whatever the publisher wrote", async () => {
    const detail = await getApiVersion({ actor: outsider, slug: openSlug });
    const spec = docsSpec({ spec: detail.version.specResolved, slug: openSlug, version: "1.0.0" }) as any;
    expect(spec.servers).toEqual([{ url: expect.stringMatching(new RegExp(`/sandbox/${openSlug}/1\\.0\\.0$`)), description: "Sandbox" }]);
    expect(spec.components.securitySchemes.bankOAuth.flows.clientCredentials.tokenUrl).toMatch(/\/oauth2\/token$/);
    const proxied = docsSpec({ spec: detail.version.specResolved, slug: openSlug, version: "1.0.0" }, { serverUrl: "/api/try-it/x" }) as any;
    expect(proxied.servers[0].url).toBe("/api/try-it/x");
  });

  it("downloads as YAML and JSON with a file name", async () => {
    const yaml = await exportSpec({ actor: outsider, slug: openSlug, version: "1.0.0", unverifiedFormat: "yaml" });
    expect(yaml).toMatchObject({ contentType: "application/yaml", filename: `${openSlug}-1.0.0.yaml` });
    expect(yaml.body).toContain("openapi: 3.0.3");
    const json = await exportSpec({ actor: outsider, slug: openSlug, version: "1.0.0", unverifiedFormat: null });
    expect(JSON.parse(json.body).info["x-portico-slug"]).toBe(openSlug);
    await expect(exportSpec({ actor: outsider, slug: openSlug, version: "1.0.0", unverifiedFormat: "xml" })).rejects.toMatchObject({ code: "bad_request" });
  });
});

describe("admin-only functions", () => {
  it("refuse developers and compliance staff", async () => {
    const developer = (await makeUser()).actor;
    const { id: tokenId } = await createManagementToken({ actor: admin, unverifiedInput: { name: "CI" } });
    for (const actor of [developer, compliance]) {
      const calls: Promise<unknown>[] = [
        publishSpec({ actor, unverifiedSpec: JSON.stringify(generateSpec()) }),
        setApiVisibility({ actor, slug: openSlug, unverifiedInput: { visibility: "registered" } }),
        setVersionLifecycle({ actor, slug: openSlug, version: "1.0.0", unverifiedInput: { lifecycle: "retired" } }),
        createManagementToken({ actor, unverifiedInput: { name: "x" } }),
        revokeManagementToken({ actor, tokenId }),
        listManagementTokens({ actor }),
        listOrganisationChoices({ actor }),
      ];
      for (const call of calls) await expect(call).rejects.toMatchObject({ code: "forbidden" });
    }
    expect((await getDb().managementToken.findUniqueOrThrow({ where: { id: tokenId } })).revokedAt).toBeNull();
  });

  it("refuse mass assignment: unknown fields are rejected, not written", async () => {
    await expect(setApiVisibility({ actor: admin, slug: openSlug, unverifiedInput: { visibility: "registered", slug: "hijack" } })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(setVersionLifecycle({ actor: admin, slug: openSlug, version: "1.0.0", unverifiedInput: { lifecycle: "deprecated", version: "9.9.9" } })).rejects.toMatchObject({ code: "validation_failed" });
  });
});

describe("management tokens", () => {
  it("are shown once, stored hashed, authenticate the CI, and stop working when revoked", async () => {
    const created = await createManagementToken({ actor: admin, unverifiedInput: { name: "Release pipeline" } });
    expect(created.token).toMatch(/^pmt_[A-Za-z0-9_-]{43}$/);
    const row = await getDb().managementToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(JSON.stringify(await listManagementTokens({ actor: admin }))).not.toContain(row.tokenHash);

    const ci = await authenticateManagementToken({ authorization: `Bearer ${created.token}` });
    expect(ci).toMatchObject({ kind: "system", label: expect.stringContaining("Release pipeline") });
    const published = await publishSpec({ actor: ci, unverifiedSpec: JSON.stringify(generateSpec()) });
    expect(published.status).toBe("created");

    await revokeManagementToken({ actor: admin, tokenId: created.id });
    for (const authorization of [`Bearer ${created.token}`, null, "Bearer pmt_guess", `Basic ${created.token}`, created.token]) {
      await expect(authenticateManagementToken({ authorization })).rejects.toMatchObject({ code: "unauthenticated", headers: { "WWW-Authenticate": expect.stringContaining("Bearer") } });
    }
    expect(await getDb().auditEvent.count({ where: { targetId: created.id, action: { in: ["management_token.create", "management_token.revoke"] } } })).toBe(2);
  });

  it("have a budget each: 429 with Retry-After over it, while another token keeps working", async () => {
    // Counts in Redis when REDIS_URL is set; a budget of its own for this test.
    const store = await openRateLimitStore({ redisUrl: process.env.REDIS_URL });
    try {
      const limiter = createRateLimiter({ store, ...managementBudget(2), name: `management-test-${unique()}` });
      const [busy, quiet] = [
        await createManagementToken({ actor: admin, unverifiedInput: { name: "Busy pipeline" } }),
        await createManagementToken({ actor: admin, unverifiedInput: { name: "Quiet pipeline" } }),
      ];
      for (let i = 0; i < 2; i++) await authenticateManagementToken({ authorization: `Bearer ${busy.token}`, limiter });
      const refused = await authenticateManagementToken({ authorization: `Bearer ${busy.token}`, limiter }).catch((error: unknown) => error);
      expect(refused).toMatchObject({
        code: "rate_limited",
        status: 429,
        message: expect.stringMatching(/^Rate limit of 2 requests per minute for this management token reached; retry in \d+ s$/),
        headers: { "retry-after": expect.stringMatching(/^\d+$/) },
      });
      expect(await authenticateManagementToken({ authorization: `Bearer ${quiet.token}`, limiter })).toMatchObject({ kind: "system" });
      // An unknown token is refused as before, without touching any budget.
      await expect(authenticateManagementToken({ authorization: "Bearer pmt_guess", limiter })).rejects.toMatchObject({ code: "unauthenticated" });
    } finally {
      await store.close();
    }
  });
});
