import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { assertAllowed } from "@/lib/authz/require-role";
import { getDb, type Db, type Tx } from "@/lib/db";
import { getBankSettings } from "@/lib/settings/bank-settings";

const DAY = 86_400_000;
/** A retried batch comes within seconds; its id is kept a day (lib/logs/request-log-store.ts). */
const BATCH_ID_RETENTION_MS = DAY;

/**
 * One bounded step of the purge: deletes at most `limit` rows (about that
 * many rollup rows: one time slice) older than the cut-offs; answers how many
 * of each kind it deleted. Each step is its own short transaction.
 */
/**
 * The oldest `limit` rows before `cutoff` as a range in (at, id) order —
 * up to the limit-th row, ties on `at` split by id — rather than a list of
 * ids: a list of 2,000 ids is over the SQLite driver's bound-parameter
 * limit (Prisma P2029), and a range is one indexed delete on both databases.
 */
async function oldestRange(find: (args: { where: object; orderBy: object[]; skip: number; select: { at: true; id: true } }) => Promise<{ at: Date; id: string } | null>, count: (args: { where: object }) => Promise<number>, cutoff: Date, limit: number) {
  const before = { at: { lt: cutoff } };
  const last = await find({ where: before, orderBy: [{ at: "asc" }, { id: "asc" }], skip: limit - 1, select: { at: true, id: true } });
  // Fewer than `limit` rows are left: all of them.
  if (!last) return (await count({ where: before })) ? before : null;
  return { ...before, OR: [{ at: { lt: last.at } }, { at: last.at, id: { lte: last.id } }] };
}

async function purgeStep(tx: Tx, cutoffs: { raw: Date; rollups: Date; batches: Date }, limit: number) {
  const logRange = await oldestRange((args) => tx.requestLog.findFirst(args), (args) => tx.requestLog.count(args), cutoffs.raw, limit);
  const logs = logRange ? (await tx.requestLog.deleteMany({ where: logRange })).count : 0;
  // Rollups by time slice (their key is composite): minutes are kept as long
  // as the raw logs, hours and days as long as the rollup retention.
  let rollups = 0;
  for (const [grain, cutoff, slice] of [["minute", cutoffs.raw, 3_600_000], ["hour", cutoffs.rollups, DAY], ["day", cutoffs.rollups, 30 * DAY]] as const) {
    const oldest = await tx.requestRollup.findFirst({ where: { grain, start: { lt: cutoff } }, select: { start: true }, orderBy: { start: "asc" } });
    if (!oldest) continue;
    const until = new Date(Math.min(cutoff.getTime(), oldest.start.getTime() + slice));
    rollups += (await tx.requestRollup.deleteMany({ where: { grain, start: { gte: oldest.start, lt: until } } })).count;
  }
  // Status-code counts (hours and days) go with their rollups, one slice per step.
  for (const [grain, slice] of [["hour", DAY], ["day", 30 * DAY]] as const) {
    const oldest = await tx.requestRollupStatus.findFirst({ where: { grain, start: { lt: cutoffs.rollups } }, select: { start: true }, orderBy: { start: "asc" } });
    if (!oldest) continue;
    const until = new Date(Math.min(cutoffs.rollups.getTime(), oldest.start.getTime() + slice));
    rollups += (await tx.requestRollupStatus.deleteMany({ where: { grain, start: { gte: oldest.start, lt: until } } })).count;
  }
  const batchRange = await oldestRange((args) => tx.requestLogBatch.findFirst(args), (args) => tx.requestLogBatch.count(args), cutoffs.batches, limit);
  const batches = batchRange ? (await tx.requestLogBatch.deleteMany({ where: batchRange })).count : 0;
  return { logs, rollups, batches, more: logs === limit || rollups > 0 || batches === limit };
}

/**
 * Deletes sandbox request logs older than the bank's raw-log retention
 * (setting logRetentionDays) and usage rollups older than the rollup
 * retention (rollupRetentionDays; per-minute rollups go with the raw logs).
 * Run by `npm run logs:purge` (a system actor, e.g. from cron) or by an admin
 * or compliance officer.
 *
 * In bounded steps (`batchSize` rows, default 2,000, each its own short
 * transaction, with a pause between as long as the step took, or
 * `pauseMs`), so the request-log writer and the
 * portal wait at most one step for SQLite's write lock, never the whole
 * purge. The last step runs in the transaction that writes the audit record
 * (`logs.purge`: the cut-offs and the rows removed by the whole run).
 */
export async function purgeRequestLogs(options: {
  actor: Actor;
  now?: Date;
  batchSize?: number;
  pauseMs?: number;
  db?: Db;
  /**
   * Called after each step's transaction has committed, before the pause:
   * no lock is held while it runs, so anything another writer does here
   * proceeds (tests check the bound through it; the CLI could show progress).
   */
  onStep?: (step: { logs: number; rollups: number; batches: number }) => Promise<void> | void;
}) {
  assertAllowed(options.actor, purgeRequestLogs.roles);
  const now = options.now ?? new Date();
  const limit = options.batchSize ?? 2000;
  const db = options.db ?? getDb();
  const { logRetentionDays, rollupRetentionDays } = await getBankSettings(db);
  const cutoffs = {
    raw: new Date(now.getTime() - logRetentionDays * DAY),
    rollups: new Date(now.getTime() - rollupRetentionDays * DAY),
    batches: new Date(now.getTime() - BATCH_ID_RETENTION_MS),
  };
  const total = { logs: 0, rollups: 0, batches: 0, steps: 0 };
  const count = (step: Awaited<ReturnType<typeof purgeStep>>) => {
    total.logs += step.logs;
    total.rollups += step.rollups;
    total.batches += step.batches;
    total.steps++;
    return step.more;
  };
  for (;;) {
    const started = performance.now();
    const step = await db.$transaction((tx) => purgeStep(tx, cutoffs, limit), { timeout: 60_000 });
    const took = performance.now() - started;
    await options.onStep?.(step);
    if (!count(step)) break;
    // Rest at least as long as the step took: the purge holds SQLite's write
    // lock (and a core) at most half the time however loaded the machine is,
    // so the request-log writer and the portal always get their turn.
    await sleep(options.pauseMs ?? Math.max(10, took));
  }
  return auditedChange({
    actor: options.actor,
    roles: purgeRequestLogs.roles,
    db,
    change: async (tx) => {
      // Whatever arrived past the cut-off since the last step (a late batch) goes with the audit record.
      while (count(await purgeStep(tx, cutoffs, limit)));
      return {
        result: { deleted: total.logs, rollupsDeleted: total.rollups, cutoff: cutoffs.raw, rollupCutoff: cutoffs.rollups, retentionDays: logRetentionDays, rollupRetentionDays, steps: total.steps },
        audit: [
          {
            action: "logs.purge",
            details: {
              retentionDays: logRetentionDays,
              rollupRetentionDays,
              cutoff: cutoffs.raw.toISOString(),
              rollupCutoff: cutoffs.rollups.toISOString(),
              deleted: total.logs,
              rollupsDeleted: total.rollups,
              steps: total.steps,
            },
          },
        ],
      };
    },
    transaction: { timeout: 60_000 },
  });
}
purgeRequestLogs.roles = ["admin", "compliance", "system"] as const;
