import { getDb } from "@/lib/db";
import { createSandboxData } from "./create-sandbox-data";

/** Demo seed step: sandbox customers, accounts, transactions, cards and FX rates for every organisation that has none yet. */
export async function seedSandboxData(): Promise<string> {
  const db = getDb();
  const organisations = await db.organisation.findMany({ where: { customers: { none: {} } }, select: { id: true } });
  let accounts = 0;
  for (const { id } of organisations) {
    accounts += (await db.$transaction((tx) => createSandboxData({ tx, organisationId: id }))).accounts;
  }
  return `${accounts} accounts for ${organisations.length} organisations`;
}
