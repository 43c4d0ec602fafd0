// A query made outside an open interactive transaction neither sees its
// uncommitted rows nor becomes part of it (so a rollback cannot take it
// along). PostgreSQL gives this by its connections; on SQLite, where the
// adapter runs the whole process on one connection, lib/db/client.ts makes
// such a query wait for the transaction to end. Why it matters: a composite
// sandbox request holds a transaction across several calls and rolls back
// as a normal outcome, while other requests go on.
import { expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { makeOrganisationWithAccounts } from "@/lib/testing/gateway-fixtures";

/** Lets queued work (the outside queries) run, without waiting for wall-clock time. */
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

it("outside queries read only committed data, and their writes survive the transaction's rollback", async () => {
  const db = getDb();
  const { organisation } = await makeOrganisationWithAccounts({ accounts: 1 });
  let outsideRead: Promise<string> | undefined;
  let outsideWrite: Promise<unknown> | undefined;
  await expect(
    db.$transaction(async (tx) => {
      await tx.organisation.update({ where: { id: organisation.id }, data: { name: "uncommitted" } });
      outsideRead = db.organisation.findUniqueOrThrow({ where: { id: organisation.id } }).then((row) => row.name);
      outsideWrite = db.user.updateMany({ where: { organisationId: organisation.id }, data: { name: "written outside" } });
      await turns(20);
      throw new Error("roll back");
    }),
  ).rejects.toThrow("roll back");
  expect(await outsideRead).toBe(organisation.name);
  await outsideWrite;
  expect((await db.organisation.findUniqueOrThrow({ where: { id: organisation.id } })).name).toBe(organisation.name);
  expect((await db.user.findFirstOrThrow({ where: { organisationId: organisation.id } })).name).toBe("written outside");
});
