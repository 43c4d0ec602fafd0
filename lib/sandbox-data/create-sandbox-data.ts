// Fictitious customers, accounts and transactions for one organisation's
// sandbox. Every organisation gets its own set (demo seed and sign-up), so a
// developer only ever sees and grants access to their organisation's data.
import { randomInt } from "node:crypto";
import type { Tx } from "@/lib/db";
import { gbIban, newCustomerRef, newSandboxAccountId, randomDigits } from "./iban";

type AccountPlan = { name: string; type: "current" | "savings" | "business"; currency: string; opening: number };

const CUSTOMERS: { name: string; accounts: AccountPlan[] }[] = [
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

/** Creates the sandbox data inside the caller's transaction. Returns how many accounts it made. */
export async function createSandboxData(options: { tx: Tx; organisationId: string; now?: Date }): Promise<{ accounts: number }> {
  const { tx, organisationId } = options;
  const now = options.now ?? new Date();
  let accounts = 0;
  for (const plan of CUSTOMERS) {
    const customer = await tx.sandboxCustomer.create({ data: { organisationId, customerRef: newCustomerRef(), name: plan.name } });
    for (const a of plan.accounts) {
      const sortCode = `40${randomDigits(4)}`;
      const accountNumber = randomDigits(8);
      const transactions = Array.from({ length: 12 }, (_, i) => {
        const credit = i % 4 === 0;
        const [counterparty, description] = credit ? pick(CREDITS) : pick(DEBITS);
        const amount = credit ? randomInt(200_00, 3_000_00) : -randomInt(2_50, 180_00);
        return { bookedAt: new Date(now.getTime() - (i * 5 + randomInt(5)) * 86_400_000 - randomInt(86_400_000)), amountMinor: amount, currency: a.currency, description, counterparty };
      });
      const account = await tx.sandboxAccount.create({
        data: {
          accountId: newSandboxAccountId(),
          organisationId,
          customerId: customer.id,
          name: a.name,
          type: a.type,
          iban: gbIban(sortCode, accountNumber),
          sortCode,
          accountNumber,
          currency: a.currency,
          balanceMinor: a.opening + transactions.reduce((sum, t) => sum + t.amountMinor, 0),
        },
      });
      await tx.sandboxTransaction.createMany({ data: transactions.map((t) => ({ ...t, accountId: account.id })) });
      accounts++;
    }
  }
  return { accounts };
}
