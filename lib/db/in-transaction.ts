// Runs `work` in a transaction: a new one on the client, or the caller's own
// when it passes a transaction client. Why: Prisma has no nested
// transactions, and a composite sandbox request (gateway/composite-route.ts)
// must commit the writes of all its steps together, so the write functions
// below it join the transaction they are given instead of opening their own.
// `joined` tells `work` which: in a joined transaction a failing statement
// (a unique violation, say) aborts the caller's whole transaction on
// PostgreSQL, so it cannot be caught and recovered from as in its own.
import type { DbOrTx, Tx } from "./client";

export function inTransaction<T>(db: DbOrTx, work: (tx: Tx, joined: boolean) => Promise<T>): Promise<T> {
  return "$transaction" in db ? db.$transaction((tx) => work(tx, false)) : work(db, true);
}
