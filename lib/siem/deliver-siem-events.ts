// The SIEM sink's delivery loop: takes the oldest events of the outbox
// (SiemOutbox, written in the same transactions as the request logs and the
// audit records), sends them as one batch and deletes them once the receiver
// took them. At least once: a batch whose acknowledgement is lost (or a
// loop that dies between send and delete) is sent again, with the same event
// ids, which the receiver dedupes on.
//
// Why an outbox and not a cursor over RequestLog and AuditEvent: request-log
// ids are ordered per process, not across the gateways writing one
// PostgreSQL, and rows commit out of id order, so a cursor could step past a
// row committed late and lose it. Deleting what was delivered has no such
// gap, and the outbox holds the redacted copy, so a purge of the logs never
// races the sink.
//
// One loop per deployment: every process that runs the gateway starts the
// loop, and only the holder of the lease (the SiemDelivery row, taken and
// renewed by a conditional update — the same statement on SQLite and
// PostgreSQL) sends; the others look again every interval and take over
// when the holder's lease runs out (it died or lost the database).
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { getDb, type Db } from "@/lib/db";
import type { SiemEventKind } from "./siem-event";
import { sendSiemEvents } from "./send-siem-events";
import type { SiemTarget } from "./siem-target";

const ROW_ID = "siem";
/** How long a lease lasts without renewal: longer than one batch's deadline (15 s). */
export const LEASE_MS = 60_000;

/** Backoff after the n-th failure in a row: 1 s, 2 s, 4 s … capped at 60 s, with ±20 % jitter so instances do not retry in step. */
export function siemRetryDelayMs(failures: number, random = Math.random): number {
  const base = Math.min(60_000, 1000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export type SiemStep = { held: boolean; delivered: number; error?: string; failures: number };

/** Takes or renews the lease; true when this holder has it. */
async function holdLease(db: Db, holder: string, now: Date): Promise<boolean> {
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  const won = await db.siemDelivery.updateMany({ where: { id: ROW_ID, OR: [{ holder }, { holder: null }, { leaseUntil: null }, { leaseUntil: { lt: now } }] }, data: { holder, leaseUntil } });
  if (won.count === 1) return true;
  if (await db.siemDelivery.count({ where: { id: ROW_ID } })) return false;
  // The first loop ever: the row's primary key lets one creator win.
  return db.siemDelivery.create({ data: { id: ROW_ID, holder, leaseUntil } }).then(
    () => true,
    () => false,
  );
}

/**
 * One step of the loop: hold the lease, send the oldest `batchSize` events,
 * delete them. Answers what happened; never throws for a receiver's failure
 * (it is recorded on the SiemDelivery row for the status page).
 */
export async function deliverSiemBatch(options: { target: SiemTarget; holder: string; batchSize: number; db?: Db; now?: Date }): Promise<SiemStep> {
  const db = options.db ?? getDb();
  const now = options.now ?? new Date();
  if (!(await holdLease(db, options.holder, now))) return { held: false, delivered: 0, failures: 0 };
  const rows = await db.siemOutbox.findMany({ orderBy: { seq: "asc" }, take: options.batchSize });
  if (!rows.length) return { held: true, delivered: 0, failures: 0 };
  try {
    await sendSiemEvents(options.target, rows.map((r) => ({ eventId: r.eventId, kind: r.kind as SiemEventKind, at: r.at, payload: r.payload })));
  } catch (error) {
    // A transport error's message names the receiver and the cause (refused, certificate, status), never an event.
    const message = String((error as Error)?.message ?? error).slice(0, 500);
    const state = await db.siemDelivery.update({
      where: { id: ROW_ID },
      data: { lastAttemptAt: now, lastError: message, lastErrorAt: now, failures: { increment: 1 } },
      select: { failures: true },
    });
    return { held: true, delivered: 0, error: message, failures: state.failures };
  }
  // By exact sequence numbers, never a range: on PostgreSQL a row with a
  // lower number can commit after this read, and it has not been sent. In
  // lists of at most 500 (the SQLite driver's bound-parameter limit).
  const seqs = rows.map((r) => r.seq);
  const chunks = Array.from({ length: Math.ceil(seqs.length / 500) }, (_, i) => seqs.slice(i * 500, i * 500 + 500));
  await db.$transaction([
    ...chunks.map((chunk) => db.siemOutbox.deleteMany({ where: { seq: { in: chunk } } })),
    db.siemDelivery.update({ where: { id: ROW_ID }, data: { lastAttemptAt: now, lastDeliveredAt: now, delivered: { increment: rows.length }, failures: 0 } }),
  ]);
  return { held: true, delivered: rows.length, failures: 0 };
}

export type SiemDeliveryLoop = { stop(): Promise<void> };

/**
 * Runs deliverSiemBatch until stopped: at once again after a full batch
 * (catching up), after `intervalMs` when the outbox is empty or another
 * process holds the lease, after the backoff when the receiver failed.
 */
export function startSiemDelivery(options: { target: SiemTarget; batchSize: number; intervalMs: number; onError?: (error: unknown) => void }): SiemDeliveryLoop {
  const holder = randomUUID();
  const abort = new AbortController();
  const loop = (async () => {
    while (!abort.signal.aborted) {
      let wait = options.intervalMs;
      try {
        const step = await deliverSiemBatch({ target: options.target, holder, batchSize: options.batchSize });
        if (step.error) {
          options.onError?.(new Error(step.error));
          wait = siemRetryDelayMs(step.failures);
        } else if (step.delivered === options.batchSize) wait = 0;
      } catch (error) {
        options.onError?.(error); // the database itself: try again after the interval
      }
      if (wait) await sleep(wait, undefined, { signal: abort.signal, ref: false }).catch(() => undefined);
    }
  })();
  return {
    async stop() {
      abort.abort();
      await loop;
      // Hand the lease over at once rather than after it runs out.
      await getDb()
        .siemDelivery.updateMany({ where: { id: ROW_ID, holder }, data: { holder: null, leaseUntil: null } })
        .catch(() => undefined);
    },
  };
}
