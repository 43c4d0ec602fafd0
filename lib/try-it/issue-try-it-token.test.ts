// The try-it token cache (a bounded lru-cache): a token is reused while it
// has life left, and an app's change event makes the next call mint a new one.
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/authz/actor";
import { publishChange } from "@/lib/broadcast/change-bus";
import { getDb } from "@/lib/db";
import { hashOpaqueSecret } from "@/lib/secrets/opaque-secret";
import { makeApiVersion, makeApprovedApp, makeOrganisationWithAccounts } from "@/lib/testing/gateway-fixtures";
import { issueTryItToken } from "./issue-try-it-token";

let actor: Actor;
let appId: string;

beforeAll(async () => {
  const { version } = await makeApiVersion();
  const org = await makeOrganisationWithAccounts({ accounts: 1 });
  ({ app: { id: appId } } = await makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: version.id, scopes: ["accounts:read"], accountIds: [org.accounts[0]!.id] }));
  actor = { kind: "user", id: org.owner.id, role: "developer", organisationId: org.organisation.id, label: org.owner.email, ip: "127.0.0.1" };
});

describe("try-it tokens", () => {
  it("reuses the app's token, and mints a new one after the app's change event", async () => {
    const first = await issueTryItToken({ actor, appId });
    expect((await issueTryItToken({ actor, appId })).accessToken).toBe(first.accessToken);
    await publishChange({ kind: "app", appId });
    const second = await issueTryItToken({ actor, appId });
    expect(second.accessToken).not.toBe(first.accessToken);
    const row = await getDb().accessToken.findUniqueOrThrow({ where: { tokenHash: hashOpaqueSecret(second.accessToken) } });
    expect(row).toMatchObject({ appId, issuedVia: "portal_try_it" });
  });

  it("drops a token whose revocation event names it", async () => {
    const first = await issueTryItToken({ actor, appId });
    await publishChange({ kind: "token", tokenHash: hashOpaqueSecret(first.accessToken) });
    expect((await issueTryItToken({ actor, appId })).accessToken).not.toBe(first.accessToken);
  });
});
