// The header's unread count is a hand-written statement: it must agree with
// what the notifications themselves say, on both databases.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { makeUser } from "@/lib/testing/factories";
import { countUnreadNotifications, listNotifications } from "./list-notifications";
import { markNotificationsRead } from "./mark-notifications-read";
import { notify } from "./notify";

describe("notifications", () => {
  it("counts a user's own unread notifications only, and none once read", async () => {
    const { user } = await makeUser();
    const other = await makeUser();
    expect(await countUnreadNotifications(user.id)).toBe(0);
    await getDb().$transaction(async (tx) => {
      for (const message of ["one", "two", "three"]) await notify(tx, { userId: user.id, message });
      await notify(tx, { userId: other.user.id, message: "not yours" });
    });
    expect(await countUnreadNotifications(user.id)).toBe(3);
    expect(await countUnreadNotifications(other.user.id)).toBe(1);
    await markNotificationsRead(user.id);
    await getDb().$transaction((tx) => notify(tx, { userId: user.id, message: "four" }));
    expect(await countUnreadNotifications(user.id)).toBe(1);
    expect((await listNotifications(user.id)).filter((n) => n.readAt === null).map((n) => n.message)).toEqual(["four"]);
    expect(await countUnreadNotifications(other.user.id)).toBe(1);
  });
});
