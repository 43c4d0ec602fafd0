// Start-up step: organisations whose sandbox was created before cards and FX
// rates existed had neither until a reset. Each organisation with sandbox
// customers but no FX rates gets the seed rates, and each current or business
// account without a card gets its card (the seed's own create functions).
// Idempotent and bounded: it reads in batches by id and touches only what
// lacks them, so an organisation that has rates or cards keeps them as they
// are. Safe when two processes (portal and gateway) run it at once: rates are
// unique per organisation and currency, so the slower one's insert is refused
// and skipped; a batch of cards is decided under a lock on its accounts
// (PostgreSQL: SELECT … FOR UPDATE; SQLite: every transaction is BEGIN
// IMMEDIATE), so the slower one finds the cards already there.
import { dialect, getDb, sqlParam, sqlTable, type Db } from "@/lib/db";
import { isUniqueViolation } from "./debit-for-payment";
import { createSandboxCards } from "./sandbox-cards";
import { createSandboxFxRates } from "./sandbox-fx";

const BATCH = 100;

export type BackfillResult = { fxRateOrganisations: number; cards: number };

export async function backfillSandboxProducts(options: { db?: Db; batchSize?: number } = {}): Promise<BackfillResult> {
  const db = options.db ?? getDb();
  const batchSize = options.batchSize ?? BATCH;
  const result: BackfillResult = { fxRateOrganisations: 0, cards: 0 };

  for (let after = ""; ; ) {
    const organisations = await db.organisation.findMany({
      where: { id: { gt: after }, customers: { some: {} }, fxRates: { none: {} } },
      select: { id: true },
      orderBy: { id: "asc" },
      take: batchSize,
    });
    for (const { id } of organisations) {
      try {
        const made = await db.$transaction(async (tx) => ((await tx.sandboxFxRate.count({ where: { organisationId: id } })) ? 0 : createSandboxFxRates({ tx, organisationId: id })));
        if (made) result.fxRateOrganisations++;
      } catch (error) {
        // Another process gave this organisation its rates first.
        if (!isUniqueViolation(error)) throw error;
      }
    }
    if (organisations.length < batchSize) break;
    after = organisations.at(-1)!.id;
  }

  const lacking = { type: { in: ["current" as const, "business" as const] }, cards: { none: {} } };
  for (let after = ""; ; ) {
    const accounts = await db.sandboxAccount.findMany({ where: { id: { gt: after }, ...lacking }, select: { id: true }, orderBy: { id: "asc" }, take: batchSize });
    if (accounts.length) {
      const ids = accounts.map((a) => a.id);
      result.cards += await db.$transaction(async (tx) => {
        if (dialect() === "postgres") {
          await tx.$queryRawUnsafe(`SELECT "id" FROM ${sqlTable("SandboxAccount")} WHERE "id" IN (${ids.map((_, i) => sqlParam(i + 1)).join(", ")}) FOR UPDATE`, ...ids);
        }
        // Under the lock: what still has no card.
        const still = await tx.sandboxAccount.findMany({ where: { id: { in: ids }, ...lacking }, select: { id: true, type: true, customer: { select: { name: true } } } });
        return createSandboxCards({ tx, accounts: still.map((a) => ({ id: a.id, type: a.type, holder: a.customer.name })) });
      });
    }
    if (accounts.length < batchSize) break;
    after = accounts.at(-1)!.id;
  }
  return result;
}
