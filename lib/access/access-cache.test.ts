// The gateway's access cache on a real database: concurrent misses for one
// key make one read, change events drop entries, a fill that raced an event
// is not kept, and entries age out. Reads are counted through a Prisma query
// extension on the real client (every query still runs against the database).
// Concurrency is driven by holding the database answer behind a promise.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashOpaqueSecret, newOpaqueSecret } from "@/lib/secrets/opaque-secret";
import { changeGeneration, publishChange, stopChangeBus } from "@/lib/broadcast/change-bus";
import { getDb, type Db } from "@/lib/db";
import { makeApiVersion, makeApprovedApp, makeOrganisationWithAccounts } from "@/lib/testing/gateway-fixtures";
import { makeCertificate } from "@/lib/testing/compliance-fixtures";
import { AccessCache } from "./access-cache";

type Gate = { promise: Promise<void>; open: () => void };
const gate = (): Gate => {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
};

/** The real client, counting reads per "Model.operation"; `hold` makes the next reads wait after querying. */
function countingDb() {
  const counts = new Map<string, number>();
  let held: { gate: Gate; started: Gate } | undefined;
  const db = getDb().$extends({
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const key = `${model}.${operation}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
          const result = await query(args);
          if (held) {
            held.started.open();
            await held.gate.promise;
          }
          return result;
        },
      },
    },
  }) as unknown as Db;
  return {
    db,
    reads: (key: string) => counts.get(key) ?? 0,
    /** Reads answer only after `release`; `started` resolves once a read has been made. */
    hold() {
      const h = { gate: gate(), started: gate() };
      held = h;
      return { started: h.started.promise, release: () => ((held = undefined), h.gate.open()) };
    },
  };
}

let app: Awaited<ReturnType<typeof makeApprovedApp>>;
let other: Awaited<ReturnType<typeof makeApprovedApp>>;
let organisationId: string;

async function newToken(appId = app.app.id) {
  const token = newOpaqueSecret("pat_");
  const tokenHash = hashOpaqueSecret(token);
  await getDb().accessToken.create({ data: { tokenHash, appId, scope: "accounts:read", expiresAt: new Date(Date.now() + 300_000) } });
  return tokenHash;
}

beforeAll(async () => {
  const { version } = await makeApiVersion();
  const org = await makeOrganisationWithAccounts({ accounts: 1 });
  organisationId = org.organisation.id;
  app = await makeApprovedApp({ organisationId, ownerId: org.owner.id, apiVersionId: version.id, scopes: ["accounts:read"] });
  other = await makeApprovedApp({ organisationId, ownerId: org.owner.id, apiVersionId: version.id, scopes: ["accounts:read"] });
});

afterAll(async () => {
  await stopChangeBus();
});

describe("fetch coalescing", () => {
  it("answers 20 concurrent lookups of one uncached token with ONE database read", async () => {
    const { db, reads, hold } = countingDb();
    const cache = new AccessCache(db);
    try {
      const tokenHash = await newToken();
      const generation = changeGeneration();
      const { started, release } = hold();
      const lookups = Array.from({ length: 20 }, () => cache.token(tokenHash));
      await started; // the one read has been made and is being held: all 20 lookups are in flight
      expect(reads("AccessToken.findUnique")).toBe(1);
      release();
      const records = await Promise.all(lookups);
      expect(reads("AccessToken.findUnique")).toBe(1);
      expect(new Set(records).size).toBe(1);
      expect(records[0]).toMatchObject({ appId: app.app.id, revoked: false, scopes: new Set(["accounts:read"]) });
      // …and the next lookup is a hit — unless a change event arrived meanwhile:
      // then the cache rightly did not keep the read (with Redis, other test
      // workers' events arrive here too). Without Redis none can arrive.
      await cache.token(tokenHash);
      expect(reads("AccessToken.findUnique")).toBe(changeGeneration() === generation ? 1 : 2);
    } finally {
      cache.close();
    }
  });

  it("coalesces grants, client secrets and bank settings the same way", async () => {
    const { db, reads, hold } = countingDb();
    const cache = new AccessCache(db);
    try {
      const { started, release } = hold();
      const lookups = Promise.all([
        ...Array.from({ length: 20 }, () => cache.grant(app.app.id)),
        ...Array.from({ length: 20 }, () => cache.clientSecret(hashOpaqueSecret(app.clientSecret))),
        ...Array.from({ length: 20 }, () => cache.bankSettings()),
      ]);
      await started;
      release();
      const answers = await lookups;
      expect(reads("App.findUnique")).toBe(1);
      expect(reads("ClientSecret.findUnique")).toBe(1);
      expect(answers[0]).toMatchObject({ appId: app.app.id, inactiveReason: null });
      expect(answers[20]).toMatchObject({ appId: app.app.id, clientId: app.clientId, revoked: false });
      expect(new Set(answers.slice(40)).size).toBe(1);
    } finally {
      cache.close();
    }
  });

  it("never keeps an unknown secret, so guessed secrets cannot fill the cache", async () => {
    const { db, reads } = countingDb();
    const cache = new AccessCache(db);
    try {
      const guess = hashOpaqueSecret(newOpaqueSecret("pcs_"));
      expect(await cache.clientSecret(guess)).toBeNull();
      expect(await cache.clientSecret(guess)).toBeNull();
      expect(reads("ClientSecret.findUnique")).toBe(2);
    } finally {
      cache.close();
    }
  });
});

describe("change events", () => {
  it("a token event drops the cached token: a revocation is seen at once", async () => {
    const { db, reads } = countingDb();
    const cache = new AccessCache(db);
    try {
      const tokenHash = await newToken();
      expect(await cache.token(tokenHash)).toMatchObject({ revoked: false });
      await getDb().accessToken.update({ where: { tokenHash }, data: { revokedAt: new Date() } });
      expect(await cache.token(tokenHash)).toMatchObject({ revoked: false }); // still cached: no event yet
      await publishChange({ kind: "token", tokenHash });
      expect(await cache.token(tokenHash)).toMatchObject({ revoked: true });
      expect(reads("AccessToken.findUnique")).toBe(2);
    } finally {
      cache.close();
    }
  });

  it("an app event drops the app's grant, tokens and secrets, and nothing of another app", async () => {
    const { db, reads } = countingDb();
    const cache = new AccessCache(db);
    try {
      const mine = await newToken();
      const theirs = await newToken(other.app.id);
      const warm = () => Promise.all([cache.token(mine), cache.token(theirs), cache.grant(app.app.id), cache.grant(other.app.id), cache.clientSecret(hashOpaqueSecret(app.clientSecret))]);
      await warm();
      await publishChange({ kind: "app", appId: app.app.id });
      await warm();
      expect(reads("AccessToken.findUnique")).toBe(3); // mine twice, theirs once
      expect(reads("App.findUnique")).toBe(3); // app twice, other once
      expect(reads("ClientSecret.findUnique")).toBe(2);
    } finally {
      cache.close();
    }
  });

  it("an organisation event drops its grants and every token and secret", async () => {
    const { db, reads } = countingDb();
    const cache = new AccessCache(db);
    try {
      const mine = await newToken();
      const warm = () => Promise.all([cache.token(mine), cache.grant(app.app.id), cache.clientSecret(hashOpaqueSecret(app.clientSecret))]);
      await warm();
      await publishChange({ kind: "organisation", organisationId });
      await warm();
      expect(reads("AccessToken.findUnique")).toBe(2);
      expect(reads("App.findUnique")).toBe(2);
      expect(reads("ClientSecret.findUnique")).toBe(2);
    } finally {
      cache.close();
    }
  });

  it("does not keep a fill that raced an event: the waiters get what was read, the next lookup reads again", async () => {
    const { db, reads, hold } = countingDb();
    const cache = new AccessCache(db);
    try {
      const tokenHash = await newToken();
      const { started, release } = hold();
      const lookups = Promise.all(Array.from({ length: 5 }, () => cache.token(tokenHash)));
      await started; // the row has been read (not revoked) and its answer is held
      // The app is suspended and its tokens revoked meanwhile; the event cannot name this token's hash.
      await getDb().accessToken.update({ where: { tokenHash }, data: { revokedAt: new Date() } });
      await publishChange({ kind: "app", appId: app.app.id });
      release();
      for (const record of await lookups) expect(record).toMatchObject({ revoked: false });
      expect(await cache.token(tokenHash)).toMatchObject({ revoked: true });
      expect(reads("AccessToken.findUnique")).toBe(2);
    } finally {
      cache.close();
    }
  });

  it("does not keep a grant fill that was in flight when a catalog event cleared the grants", async () => {
    const { db, reads, hold } = countingDb();
    const cache = new AccessCache(db);
    try {
      const { started, release } = hold();
      const lookup = cache.grant(app.app.id);
      await started;
      await publishChange({ kind: "catalog" });
      release();
      expect(await lookup).toMatchObject({ appId: app.app.id });
      await cache.grant(app.app.id);
      expect(reads("App.findUnique")).toBe(2);
    } finally {
      cache.close();
    }
  });
});

describe("the issuing client secret", () => {
  it("a token whose issuing secret is revoked reads as revoked, even if its own row was written after the secret's revocation swept the tokens", async () => {
    const cache = new AccessCache(getDb());
    try {
      const secret = await getDb().clientSecret.findFirstOrThrow({ where: { appId: app.app.id } });
      const extra = await getDb().clientSecret.create({ data: { appId: app.app.id, secretHash: hashOpaqueSecret(newOpaqueSecret("pcs_")), hint: "abcd", revokedAt: new Date() } });
      const token = newOpaqueSecret("pat_");
      const late = await getDb().accessToken.create({
        data: { tokenHash: hashOpaqueSecret(token), appId: app.app.id, scope: "accounts:read", clientSecretId: extra.id, expiresAt: new Date(Date.now() + 300_000) },
      });
      const live = await getDb().accessToken.create({
        data: { tokenHash: hashOpaqueSecret(newOpaqueSecret("pat_")), appId: app.app.id, scope: "accounts:read", clientSecretId: secret.id, expiresAt: new Date(Date.now() + 300_000) },
      });
      expect(await cache.token(late.tokenHash)).toMatchObject({ id: late.id, revoked: true });
      expect(await cache.token(live.tokenHash)).toMatchObject({ id: live.id, revoked: false });
    } finally {
      cache.close();
    }
  });

  it("a token bound to a registered certificate that was removed reads as revoked; one bound to an unregistered certificate does not", async () => {
    const cache = new AccessCache(getDb());
    try {
      const cert = await makeCertificate(app.app.id);
      await getDb().clientCertificate.update({ where: { id: cert.id }, data: { revokedAt: new Date() } });
      const bound = (thumbprint: string) =>
        getDb().accessToken.create({
          data: { tokenHash: hashOpaqueSecret(newOpaqueSecret("pat_")), appId: app.app.id, scope: "accounts:read", certThumbprint: thumbprint, expiresAt: new Date(Date.now() + 300_000) },
        });
      const late = await bound(cert.thumbprint);
      const unregistered = await bound(newOpaqueSecret(""));
      expect(await cache.token(late.tokenHash)).toMatchObject({ id: late.id, revoked: true });
      expect(await cache.token(unregistered.tokenHash)).toMatchObject({ id: unregistered.id, revoked: false });
    } finally {
      cache.close();
    }
  });
});

describe("max age backstop", () => {
  it("reads again once an entry is older than maxAgeMs, even without an event", async () => {
    const { db, reads } = countingDb();
    let now = 1_000;
    const cache = new AccessCache(db, { maxAgeMs: 60_000, clock: { now: () => now } });
    try {
      const tokenHash = await newToken();
      await cache.token(tokenHash);
      now += 59_999;
      await cache.token(tokenHash);
      expect(reads("AccessToken.findUnique")).toBe(1);
      now += 2;
      await cache.token(tokenHash);
      expect(reads("AccessToken.findUnique")).toBe(2);
    } finally {
      cache.close();
    }
  });
});
