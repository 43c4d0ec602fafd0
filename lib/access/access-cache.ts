// In-memory caches of token lookups, app grants, client secrets and bank
// settings for the gateway: a Prisma query costs ~0.7 ms here, the cache
// ~1 µs. Each is an lru-cache with a fetchMethod, so concurrent misses for
// one key share ONE database read (a burst of calls with a new token does
// not become a burst of queries).
// Security-critical: a cached entry may never outlive a revocation. Every
// revoking code path publishes on the change bus after its transaction
// commits; we drop the affected entries on that event, and a fill that raced
// an event (changeGeneration() moved during the lookup) is answered to its
// waiters but not kept. Expiry is checked on every use (by the callers:
// check-access.ts, authenticate-client.ts), and entries also age out after
// maxAgeMs so a lost cross-instance message cannot keep a revoked token
// alive for long.
import { LRUCache } from "lru-cache";
import { changeGeneration, onChange, type ChangeEvent } from "@/lib/broadcast/change-bus";
import type { Db } from "@/lib/db";
import { storedAuthorizationDetails, tokenAccounts, type AccountPermission, type PaymentInitiationDetail } from "@/lib/db/json-columns";
import { getBankSettings, type BankSettings } from "@/lib/settings/bank-settings";
import { findSecretInDb, type SecretRecord } from "./authenticate-client";
import { loadAppGrant, type AppGrant, type TokenConsent } from "./load-app-grant";

export type TokenRecord = {
  id: string;
  appId: string;
  scopes: Set<string>;
  certThumbprint: string | null;
  /** A customer's token (authorization code grant): the accounts they consented to, as normalised refs; null: the app's grant. */
  accounts: Set<string> | null;
  /** A customer's token asked with RFC 9396 authorization_details; null: none (scopes and accounts alone). */
  consent: TokenConsent | null;
  expiresAtMs: number;
  revoked: boolean;
};

/** The consent behind a customer's token, when its request carried authorization_details. */
function tokenConsent(request: { id: string; authorizationDetails: unknown } | null): TokenConsent | null {
  const details = request ? storedAuthorizationDetails(request.authorizationDetails as never) : null;
  if (!request || !details) return null;
  let permissions: Set<AccountPermission> | null = null;
  let payment: PaymentInitiationDetail | null = null;
  for (const detail of details) {
    if (detail.type === "account_access") permissions = new Set(detail.permissions);
    else payment = detail;
  }
  return { authorizationRequestId: request.id, permissions, payment };
}

/** lru-cache holds no null or undefined: "looked up, not there" is a slot with null in it. */
type Slot<T> = { value: T };

const SETTINGS = "settings";

/**
 * Deletes the entries whose value matches (keys collected first, then
 * deleted). Entries past their age are skipped: the next use reads again.
 * A refill in flight over an old value is visited by that old value, and
 * deleting it means the refill is not kept.
 */
function deleteWhere<T>(cache: LRUCache<string, Slot<T>>, matches: (value: T) => boolean) {
  const doomed: string[] = [];
  cache.forEach((slot, key) => {
    if (matches(slot.value)) doomed.push(key);
  });
  for (const key of doomed) cache.delete(key);
}

export class AccessCache {
  private readonly tokens: LRUCache<string, Slot<TokenRecord | null>>;
  private readonly grants: LRUCache<string, Slot<AppGrant | null>>;
  private readonly secrets: LRUCache<string, Slot<SecretRecord | null>>;
  private readonly settings: LRUCache<string, Slot<BankSettings>>;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly db: Db,
    options: {
      /** The backstop age of every entry; at least 1 ms (lru-cache reads a ttl of 0 as "forever"). */
      maxAgeMs?: number;
      maxEntries?: number;
      /** The clock entries age by (default performance); tests pass their own instead of waiting. */
      clock?: { now(): number };
    } = {},
  ) {
    const shape = { ttl: Math.max(1, options.maxAgeMs ?? 60_000), perf: options.clock };
    const max = options.maxEntries ?? 100_000;
    this.tokens = this.lru({ ...shape, max }, (tokenHash) => this.readToken(tokenHash));
    this.grants = this.lru({ ...shape, max }, (appId) => loadAppGrant({ db: this.db, appId }));
    this.secrets = this.lru({ ...shape, max, keepNull: false }, (secretHash) => findSecretInDb(this.db, secretHash));
    this.settings = this.lru({ ...shape, max: 1 }, () => getBankSettings(this.db));
    this.unsubscribe = onChange((event) => this.drop(event));
  }

  /**
   * One cache. Its fetchMethod remembers the change generation before the
   * read; if an event arrived meanwhile, it deletes its own pending entry
   * before answering, so lru-cache does not store the value (it stores a
   * fetch's result only while that fetch is still the key's entry). The
   * delete aborts the fetch's signal; ignoreFetchAbort lets the waiters
   * still get the value they asked for.
   */
  private lru<T>(
    options: { max: number; ttl: number; perf: { now(): number } | undefined; keepNull?: boolean },
    read: (key: string) => Promise<T>,
  ): LRUCache<string, Slot<T>> {
    const cache: LRUCache<string, Slot<T>> = new LRUCache<string, Slot<T>>({
      max: options.max,
      ttl: options.ttl,
      // A given clock is read on every check (lru-cache otherwise reuses a reading for 1 ms of real time).
      ...(options.perf ? { perf: options.perf, ttlResolution: 0 } : {}),
      ignoreFetchAbort: true,
      fetchMethod: async (key) => {
        const generation = changeGeneration();
        const value = await read(key);
        // An event arrived mid-lookup: what we read may be stale. Unknown secrets are never kept either
        // (a secret is hashed before lookup; caching misses would let anyone fill the cache).
        if (changeGeneration() !== generation || (value === null && options.keepNull === false)) cache.delete(key);
        return { value };
      },
    });
    return cache;
  }

  private async readToken(tokenHash: string): Promise<TokenRecord | null> {
    const row = await this.db.accessToken.findUnique({
      where: { tokenHash },
      select: {
        id: true,
        appId: true,
        scope: true,
        certThumbprint: true,
        accounts: true,
        expiresAt: true,
        revokedAt: true,
        clientSecret: { select: { revokedAt: true } },
        authorizationRequest: { select: { id: true, authorizationDetails: true } },
      },
    });
    if (!row) return null;
    // A token dies with the credential it came from: its issuing secret, and the certificate it is bound
    // to (RFC 8705 §3) when that is one registered for the app (a client that authenticated with a secret
    // may have presented any certificate). Withdrawing either revokes the token's row too
    // (lib/credentials/revoke-tokens-in-tx.ts); reading their state here also covers a token the token
    // endpoint wrote while the credential was being withdrawn, after the withdrawal read the tokens.
    const certificate = row.certThumbprint
      ? await this.db.clientCertificate.findUnique({ where: { appId_thumbprint: { appId: row.appId, thumbprint: row.certThumbprint } }, select: { revokedAt: true } })
      : null;
    return {
      id: row.id,
      appId: row.appId,
      scopes: new Set(row.scope.split(" ").filter(Boolean)),
      certThumbprint: row.certThumbprint,
      accounts: row.accounts === null ? null : new Set(tokenAccounts(row.accounts)),
      consent: tokenConsent(row.authorizationRequest),
      expiresAtMs: row.expiresAt.getTime(),
      revoked: row.revokedAt !== null || !!row.clientSecret?.revokedAt || !!certificate?.revokedAt,
    };
  }

  /** The token row behind a hash, or null when there is none. */
  async token(tokenHash: string): Promise<TokenRecord | null> {
    return (await this.tokens.fetch(tokenHash))!.value;
  }

  async grant(appId: string): Promise<AppGrant | null> {
    return (await this.grants.fetch(appId))!.value;
  }

  /** A client secret by its hash. Only found secrets are cached; rotation and revocation publish {kind:"app"}. */
  async clientSecret(secretHash: string): Promise<SecretRecord | null> {
    return (await this.secrets.fetch(secretHash))!.value;
  }

  async bankSettings(): Promise<BankSettings> {
    return (await this.settings.fetch(SETTINGS))!.value;
  }

  drop(event: ChangeEvent) {
    // A first fill still in flight is not visited by deleteWhere; the generation check in lru() covers it.
    switch (event.kind) {
      case "token":
        this.tokens.delete(event.tokenHash);
        return;
      case "app":
        this.grants.delete(event.appId);
        // The app's tokens may have been revoked together (suspension, compliance action).
        deleteWhere(this.tokens, (token) => token?.appId === event.appId);
        deleteWhere(this.secrets, (secret) => secret?.appId === event.appId);
        return;
      case "organisation":
        deleteWhere(this.grants, (grant) => !grant || grant.organisationId === event.organisationId);
        this.tokens.clear();
        this.secrets.clear();
        return;
      case "catalog":
        this.grants.clear();
        return;
      case "settings":
        this.settings.clear();
        return;
    }
  }

  close() {
    this.unsubscribe();
    this.tokens.clear();
    this.grants.clear();
    this.secrets.clear();
    this.settings.clear();
  }
}
