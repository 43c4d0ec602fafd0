import { getDb } from "@/lib/db";
import { createSandboxData } from "./create-sandbox-data";
import { createSandboxCards } from "./sandbox-cards";
import { createSandboxFxRates } from "./sandbox-fx";

/**
 * Demo seed step: sandbox customers, accounts, transactions, cards and FX
 * rates for every organisation that has none yet; organisations seeded
 * before cards and rates existed get those (a card on each current and
 * business account without one).
 */
export async function seedSandboxData(): Promise<string> {
  const db = getDb();
  const organisations = await db.organisation.findMany({ where: { customers: { none: {} } }, select: { id: true } });
  let accounts = 0;
  for (const { id } of organisations) {
    accounts += (await db.$transaction((tx) => createSandboxData({ tx, organisationId: id }))).accounts;
  }
  const older = await db.organisation.findMany({ where: { customers: { some: {} }, fxRates: { none: {} } }, select: { id: true } });
  let cards = 0;
  for (const { id } of older) {
    cards += await db.$transaction(async (tx) => {
      await createSandboxFxRates({ tx, organisationId: id });
      const bare = await tx.sandboxAccount.findMany({ where: { organisationId: id, cards: { none: {} } }, select: { id: true, type: true, customer: { select: { name: true } } } });
      return createSandboxCards({ tx, accounts: bare.map((a) => ({ id: a.id, type: a.type, holder: a.customer.name })) });
    });
  }
  return `${accounts} accounts for ${organisations.length} organisations; cards and FX rates for ${older.length} more (${cards} cards)`;
}
