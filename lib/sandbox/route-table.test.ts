// A catalogue change compiles only what changed: the route table keeps the
// compiled operations of versions whose spec is the same, and reads
// lifecycle and visibility afresh every time.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { makeApiVersion } from "@/lib/testing/gateway-fixtures";
import { RouteTableBuilder } from "./route-table";

describe("RouteTableBuilder", () => {
  it("reuses unchanged versions, adds new ones, follows lifecycle and drops retired ones", async () => {
    const db = getDb();
    const builder = new RouteTableBuilder({ db });
    const first = await makeApiVersion();
    const t1 = await builder.build();
    const a1 = t1.api(first.slug, first.versionName)!;
    expect(a1.lifecycle).toBe("published");
    const get1 = a1.byMethod.get("GET")![0]!;

    const second = await makeApiVersion();
    const t2 = await builder.build();
    expect(t2.api(second.slug, second.versionName)).toBeDefined();
    // The same compiled objects: nothing of the first version was compiled again.
    expect(t2.api(first.slug, first.versionName)!.byMethod.get("GET")![0]).toBe(get1);

    await db.apiVersion.update({ where: { id: first.version.id }, data: { lifecycle: "deprecated" } });
    const t3 = await builder.build();
    expect(t3.api(first.slug, first.versionName)!.lifecycle).toBe("deprecated");
    expect(t3.api(first.slug, first.versionName)!.byMethod.get("GET")![0]).toBe(get1);

    await db.apiVersion.update({ where: { id: first.version.id }, data: { lifecycle: "retired" } });
    expect((await builder.build()).api(first.slug, first.versionName)).toBeUndefined();
    // Back to published: compiled again (it was dropped), not the old objects.
    await db.apiVersion.update({ where: { id: first.version.id }, data: { lifecycle: "published" } });
    const again = (await builder.build()).api(first.slug, first.versionName)!;
    expect(again.byMethod.get("GET")![0]).not.toBe(get1);
    expect(again.byMethod.get("GET")![0]!.path).toBe(get1.path);
  });

  it("compiles a version again when its stored spec changes", async () => {
    const db = getDb();
    const builder = new RouteTableBuilder({ db });
    const v = await makeApiVersion();
    const before = (await builder.build()).api(v.slug, v.versionName)!.byMethod.get("GET")![0];
    await db.apiVersion.update({ where: { id: v.version.id }, data: { specSha256: "0".repeat(64) } });
    const after = (await builder.build()).api(v.slug, v.versionName)!.byMethod.get("GET")![0];
    expect(after).not.toBe(before);
  });
});
