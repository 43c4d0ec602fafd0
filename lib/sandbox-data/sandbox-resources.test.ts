// The resource store's functions run in the caller's transaction when given
// one (a composite request commits all or nothing), and in their own when
// given the client.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { makeApiVersion, makeOrganisationWithAccounts } from "@/lib/testing/gateway-fixtures";
import { changeSandboxResource, createSandboxResource, findSandboxResource, listSandboxResources } from "./sandbox-resources";

const LIMITS = { maxResourceBytes: 1024, maxResources: 10, maxBytes: 10_000 };

describe("sandbox resources as stored", () => {
  it("answer a write with the body a later read gives (numbers as Prisma keeps them)", async () => {
    const db = getDb();
    const { organisation } = await makeOrganisationWithAccounts({ accounts: 1 });
    const { version } = await makeApiVersion();
    const at = { organisationId: organisation.id, apiVersionId: version.id, collection: "/numbers" };
    const body = { sum: 0.1 + 0.2, long: 3987487.2360990345, plain: 12.5, list: [1 / 3], nested: { big: 2 ** 60 + 1 } };
    const created = await createSandboxResource({ db, at, limits: LIMITS, make: () => ({ resourceId: "n", body }) });
    expect(created).toMatchObject({ outcome: "created" });
    const read = await findSandboxResource({ db, at, resourceId: "n" });
    expect(read!.body).toEqual((created as { body: unknown }).body);
    expect(read!.body).toMatchObject({ sum: 0.3, plain: 12.5 });
    const changed = await changeSandboxResource({ db, at, resourceId: "n", limits: LIMITS, change: (b) => ({ ...b, more: 2 / 3 }) });
    expect((await findSandboxResource({ db, at, resourceId: "n" }))!.body).toEqual((changed as { body: unknown }).body);
  });
});

describe("sandbox resources in a caller's transaction", () => {
  it("are written in that transaction: rolled back with it, committed with it", async () => {
    const db = getDb();
    const { organisation } = await makeOrganisationWithAccounts({ accounts: 1 });
    const { version } = await makeApiVersion();
    const at = { organisationId: organisation.id, apiVersionId: version.id, collection: "/things" };
    const make = (name: string) => (seq: number) => ({ resourceId: String(seq), body: { id: seq, name } });

    await expect(
      db.$transaction(async (tx) => {
        expect(await createSandboxResource({ db: tx, at, limits: LIMITS, make: make("first") })).toMatchObject({ outcome: "created", resourceId: "1" });
        expect(await findSandboxResource({ db: tx, at, resourceId: "1" })).toEqual({ resourceId: "1", body: { id: 1, name: "first" } });
        throw new Error("a later sub-request failed");
      }),
    ).rejects.toThrow("a later sub-request failed");
    expect(await listSandboxResources({ db, at, take: 10 })).toEqual([]);
    expect(await db.sandboxResourceUsage.findUnique({ where: { organisationId: organisation.id } })).toBeNull();

    await db.$transaction(async (tx) => {
      await createSandboxResource({ db: tx, at, limits: LIMITS, make: make("kept") });
      await changeSandboxResource({ db: tx, at, resourceId: "1", limits: LIMITS, change: (body) => ({ ...body, name: "kept and changed" }) });
    });
    expect(await listSandboxResources({ db, at, take: 10 })).toEqual([{ resourceId: "1", body: { id: 1, name: "kept and changed" } }]);
    expect(await db.sandboxResourceUsage.findUnique({ where: { organisationId: organisation.id } })).toMatchObject({ resources: 1 });
  });
});
