// Fictitious customers, accounts and transactions (and a card on every
// current and business account, and the FX rates) for one organisation's
// sandbox. Every organisation gets its own set (demo seed and sign-up), so a
// developer only ever sees and grants access to their organisation's data.
import { randomInt } from "node:crypto";
import type { Tx } from "@/lib/db";
import { gbIban, newCustomerRef, newSandboxAccountId, randomDigits } from "./iban";
import { createSandboxCards } from "./sandbox-cards";
import { createSandboxFxRates } from "./sandbox-fx";

export type AccountPlan = {
  name: string;
  type: "current" | "savings" | "business";
  currency: string;
  /** The balance before the generated history: the balance is this plus the transactions. */
  opening?: number;
  /** Or the balance itself, whatever the history (an overdrawn persona). */
  balance?: number;
};
export type CustomerPlan = { name: string; accounts: AccountPlan[] };

/** The public identifiers of an account, kept across a reset (reset-sandbox.ts). */
export type AccountIdentifiers = { accountId: string; iban: string; sortCode: string; accountNumber: string };

/** Every organisation's seed: what sign-up and the demo create, and what a reset restores. */
export const SEED_CUSTOMERS: CustomerPlan[] = [
  {
    name: "Alice Example",
    accounts: [
      { name: "Everyday current account", type: "current", currency: "GBP", opening: 2_450_00 },
      { name: "Rainy day saver", type: "savings", currency: "GBP", opening: 8_200_00 },
    ],
  },
  { name: "Bob Sample", accounts: [{ name: "Current account", type: "current", currency: "GBP", opening: 615_40 }] },
  {
    name: "Northwind Trading Ltd",
    accounts: [
      { name: "Business current account", type: "business", currency: "GBP", opening: 48_900_00 },
      { name: "Euro trading account", type: "business", currency: "EUR", opening: 12_300_00 },
    ],
  },
];

/** The key that matches a seed account across a reset: customer and account names, which nothing renames. */
export const seedAccountKey = (customerName: string, accountName: string) => `${customerName}\u0000${accountName}`;

const DEBITS = [
  ["Tesco Stores", "Groceries"],
  ["Transport for London", "Travel"],
  ["Northern Power Ltd", "Electricity direct debit"],
  ["Costa Coffee", "Card payment"],
  ["City Council", "Council tax"],
  ["Acme Telecom", "Mobile phone"],
  ["Office Supplies Co", "Stationery"],
] as const;
const CREDITS = [
  ["Employer Payroll", "Salary"],
  ["HMRC", "Tax refund"],
  ["Customer invoice 1042", "Invoice payment"],
] as const;

const pick = <T>(list: readonly T[]): T => list[randomInt(list.length)]!;

/** Creates the seed inside the caller's transaction, reusing `keep`'s identifiers for seed accounts that had them. Returns how many accounts it made. */
export async function createSandboxData(options: { tx: Tx; organisationId: string; now?: Date; keep?: Map<string, AccountIdentifiers> }): Promise<{ accounts: number }> {
  let accounts = 0;
  for (const plan of SEED_CUSTOMERS) {
    accounts += (await createSandboxCustomer({ tx: options.tx, organisationId: options.organisationId, plan, now: options.now, keep: options.keep })).accounts.length;
  }
  await createSandboxFxRates({ tx: options.tx, organisationId: options.organisationId });
  return { accounts };
}

/** One customer and its accounts, each with a few weeks of transactions, and a card on each current and business account. */
export async function createSandboxCustomer(options: {
  tx: Tx;
  organisationId: string;
  plan: CustomerPlan;
  persona?: string;
  now?: Date;
  keep?: Map<string, AccountIdentifiers>;
  /** False: new accounts with no transactions (an account just opened). */
  history?: boolean;
}): Promise<{ customerId: string; accounts: { id: string; accountId: string }[] }> {
  const { tx, organisationId, plan } = options;
  const now = options.now ?? new Date();
  const customer = await tx.sandboxCustomer.create({ data: { organisationId, customerRef: newCustomerRef(), name: plan.name, persona: options.persona ?? null } });
  const made: { id: string; accountId: string }[] = [];
  for (const a of plan.accounts) {
    const kept = options.keep?.get(seedAccountKey(plan.name, a.name));
    const sortCode = kept?.sortCode ?? `40${randomDigits(4)}`;
    const accountNumber = kept?.accountNumber ?? randomDigits(8);
    const transactions = Array.from({ length: options.history === false ? 0 : 12 }, (_, i) => {
      const credit = i % 4 === 0;
      const [counterparty, description] = credit ? pick(CREDITS) : pick(DEBITS);
      const amount = credit ? randomInt(200_00, 3_000_00) : -randomInt(2_50, 180_00);
      return { bookedAt: new Date(now.getTime() - (i * 5 + randomInt(5)) * 86_400_000 - randomInt(86_400_000)), amountMinor: amount, currency: a.currency, description, counterparty };
    });
    const account = await tx.sandboxAccount.create({
      data: {
        accountId: kept?.accountId ?? newSandboxAccountId(),
        organisationId,
        customerId: customer.id,
        name: a.name,
        type: a.type,
        iban: kept?.iban ?? gbIban(sortCode, accountNumber),
        sortCode,
        accountNumber,
        currency: a.currency,
        balanceMinor: a.balance ?? (a.opening ?? 0) + transactions.reduce((sum, t) => sum + t.amountMinor, 0),
      },
    });
    if (transactions.length) await tx.sandboxTransaction.createMany({ data: transactions.map((t) => ({ ...t, accountId: account.id })) });
    made.push({ id: account.id, accountId: account.accountId });
  }
  await createSandboxCards({ tx, accounts: plan.accounts.map((a, i) => ({ id: made[i]!.id, type: a.type, holder: plan.name })), now });
  return { customerId: customer.id, accounts: made };
}
