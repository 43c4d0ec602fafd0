// Without Redis, events other processes wrote to the ChangeEvent table reach
// this process's listeners; its own, and rows that are not events it knows,
// do not.
import { afterAll, describe, expect, it, vi } from "vitest";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { onChange, publishChange, startChangeBus, type ChangeEvent } from "./change-bus";

describe.skipIf(!!config.redisUrl)("the change bus without Redis", () => {
  const received: ChangeEvent[] = [];
  const unsubscribe = onChange((event) => received.push(event));
  afterAll(() => unsubscribe());

  it("delivers other processes' events once, and skips its own and unknown ones", async () => {
    await startChangeBus();
    const db = getDb();
    const hash = `h-${Date.now().toString(36)}`;
    // This process's own event: delivered at once, in-process, and written for the others.
    await publishChange({ kind: "app", appId: `own-${hash}` });
    const own = await db.changeEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(own.event).toEqual({ kind: "app", appId: `own-${hash}` });
    await db.changeEvent.createMany({
      data: [
        { origin: "another-process", event: { kind: "token", tokenHash: hash } },
        { origin: "another-process", event: { kind: "token" } },
        { origin: "another-process", event: { kind: "shutdown", now: "yes" } },
        { origin: "another-process", event: ["catalog"] },
        { origin: own.origin, event: { kind: "organisation", organisationId: `own-${hash}` } },
        { origin: "another-process", event: { kind: "catalog" } },
      ],
    });
    await vi.waitFor(() => expect(received).toContainEqual({ kind: "catalog" }), { timeout: 10_000, interval: 50 });
    const mine = received.filter((e) => JSON.stringify(e).includes(hash));
    expect(mine).toEqual([{ kind: "app", appId: `own-${hash}` }, { kind: "token", tokenHash: hash }]);
  });
});
