// The resource store's functions run in the caller's transaction when given
// one (a composite request commits all or nothing), and in their own when
// given the client.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { makeApiVersion, makeOrganisationWithAccounts } from "@/lib/testing/gateway-fixtures";
import { changeSandboxResource, createSandboxResource, findSandboxResource, listSandboxResources } from "./sandbox-resources";

const LIMITS = { maxResourceBytes: 1024, maxResources: 10, maxBytes: 10_000 };

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
