// The outbox worker: claims due CallbackDelivery rows, signs and sends each
// through the outbound guard, and records the outcome. Several processes may
// run it against one database (the portal and extra instances on
// PostgreSQL): a row is claimed by a conditional update that only one of
// them can win (status pending, due, and no live lease), so each attempt is
// made by one process; a process that dies mid-attempt leaves a lease that
// expires, and the row is tried again (delivery is at least once — receivers
// de-duplicate on webhook-id, as Standard Webhooks expects).
import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { getDb, repeatPasses, type Db } from "@/lib/db";
import { getBankSettings } from "@/lib/settings/bank-settings";
import { OutboundRefused, postGuarded, type Connector, type Lookup } from "./outbound-guard";
import { openSecret } from "./secret-box";

/** Attempts before a delivery is marked failed (a developer can still resend it). */
export const MAX_ATTEMPTS = 8;
/** A claim's lease: longer than one attempt's deadlines (connect 3 s + exchange 10 s). */
const LEASE_MS = 60_000;

/** Exponential backoff after the n-th failed attempt: 10 s, 40 s, 160 s, … capped at 6 hours. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(10_000 * 4 ** (failedAttempts - 1), 6 * 60 * 60 * 1000);
}

type PassOptions = { db?: Db; now?: () => Date; limit?: number; lookup?: Lookup; connect?: Connector; timeoutMs?: number; connectTimeoutMs?: number };

/** Claims up to `limit` due rows for this process. */
export async function claimDueDeliveries(options: { db?: Db; now?: Date; limit?: number } = {}): Promise<{ id: string; claimId: string }[]> {
  const db = options.db ?? getDb();
  const now = options.now ?? new Date();
  const unleased = { OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] };
  const due = await db.callbackDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now }, ...unleased },
    orderBy: { nextAttemptAt: "asc" },
    take: options.limit ?? 10,
    select: { id: true },
  });
  const claimed: { id: string; claimId: string }[] = [];
  for (const { id } of due) {
    const claimId = randomUUID();
    // The same conditions again: a row another process claimed since the read is not taken twice
    // (PostgreSQL re-checks the WHERE of a row it waited on; SQLite runs one writer at a time).
    const won = await db.callbackDelivery.updateMany({
      where: { id, status: "pending", nextAttemptAt: { lte: now }, ...unleased },
      data: { lockedUntil: new Date(now.getTime() + LEASE_MS), claimId },
    });
    if (won.count === 1) claimed.push({ id, claimId });
  }
  return claimed;
}

/** Sends one claimed row and records the outcome (only while the claim is still ours). */
async function attemptDelivery(db: Db, claim: { id: string; claimId: string }, options: PassOptions & { allowLoopback: boolean }): Promise<boolean> {
  const row = await db.callbackDelivery.findUnique({
    where: { id: claim.id },
    include: { endpoint: { select: { url: true } }, app: { select: { callbackSigningKey: { select: { ciphertext: true } } } } },
  });
  if (!row || row.claimId !== claim.claimId) return false;
  const now = (options.now ?? (() => new Date()))();
  const body = JSON.stringify(row.payload);
  let status: number | null = null;
  let error: string | null = null;
  const sealed = row.app.callbackSigningKey?.ciphertext;
  let secret: string | undefined;
  try {
    if (sealed) secret = openSecret(sealed, row.appId);
  } catch {
    // Counted as a failed attempt, not thrown: one unreadable row must not stall the others.
    error = "the signing secret cannot be decrypted (was PORTICO_CALLBACK_SECRET_KEY changed?); rotate it";
  }
  if (!sealed) error = "the app has no signing secret";
  if (secret) {
    // Standard Webhooks: the signature covers "<webhook-id>.<webhook-timestamp>.<body>"; receivers
    // refuse timestamps more than 5 minutes off, so a captured delivery cannot be replayed later.
    const signature = new Webhook(secret).sign(row.eventId, now, body);
    try {
      const reply = await postGuarded({
        url: row.endpoint.url,
        body,
        headers: {
          "content-type": "application/json",
          "user-agent": "Portico-Callbacks/1",
          "webhook-id": row.eventId,
          "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
          "webhook-signature": signature,
        },
        policy: { allowLoopback: options.allowLoopback },
        lookup: options.lookup,
        connect: options.connect,
        timeoutMs: options.timeoutMs,
        connectTimeoutMs: options.connectTimeoutMs,
      });
      status = reply.status;
      if (status < 200 || status > 299) error = status >= 300 && status < 400 ? `redirect (${status}) not followed` : `HTTP ${status}`;
    } catch (caught) {
      error = caught instanceof OutboundRefused ? `refused: ${caught.message}` : caught instanceof Error ? caught.message : String(caught);
    }
  }
  const attempts = row.attempts + 1;
  const succeeded = error === null;
  await db.callbackDelivery.updateMany({
    where: { id: row.id, claimId: claim.claimId },
    data: {
      attempts,
      lastAttemptAt: now,
      lastStatusCode: status,
      lastError: error?.slice(0, 500) ?? null,
      status: succeeded ? "succeeded" : attempts >= MAX_ATTEMPTS ? "failed" : "pending",
      deliveredAt: succeeded ? now : null,
      nextAttemptAt: succeeded ? row.nextAttemptAt : new Date(now.getTime() + retryDelayMs(attempts)),
      lockedUntil: null,
      claimId: null,
    },
  });
  return succeeded;
}

/** One pass: claim what is due and send it. Returns how many were sent and how many failed this time. */
export async function deliverDueCallbacks(options: PassOptions = {}): Promise<{ sent: number; failed: number }> {
  const db = options.db ?? getDb();
  const now = (options.now ?? (() => new Date()))();
  const claimed = await claimDueDeliveries({ db, now, limit: options.limit });
  if (claimed.length === 0) return { sent: 0, failed: 0 };
  const { callbacksAllowLoopback } = await getBankSettings(db);
  const outcomes = await Promise.all(claimed.map((claim) => attemptDelivery(db, claim, { ...options, allowLoopback: callbacksAllowLoopback })));
  const sent = outcomes.filter(Boolean).length;
  return { sent, failed: outcomes.length - sent };
}

/** Runs passes every `intervalMs` in this process until stopped; stop() waits for the pass under way. */
export function startCallbackWorker(options: { intervalMs: number; db?: Db }): { stop: () => Promise<void> } {
  return repeatPasses({ label: "callbacks", intervalMs: options.intervalMs, pass: () => deliverDueCallbacks({ db: options.db }) });
}
