// Soft credit checks in an organisation's sandbox: each request gets a
// decision by a deterministic rule (decideCredit, documented in README
// "Sandbox bank"), stored, and readable again until it expires.
// Security-critical: a check belongs to the app that ran it; every query is
// scoped to the organisation and the app in its `where`, and a check that
// names a salary account is found only while that account passes
// `mayUseAccount` (the app's grant, from lib/sandbox).
import type { DbOrTx } from "@/lib/db";
import { newPublicId } from "./public-id";

/** How long a decision stands. */
export const CREDIT_CHECK_VALID_MS = 30 * 86_400_000;
/** The largest amount a column holds (PostgreSQL integer), in minor units. */
const MAX_MINOR = 2_147_483_647;

export type CreditReason = "affordability" | "credit_history" | "insufficient_data";
export type CreditDecision = { decision: "approved" | "referred" | "declined"; indicativeApr?: string; maximumMinor?: number; reasons: CreditReason[] };

/** `percent` of an amount, rounded down to a hundred (integers throughout: no binary fractions). */
const percentToHundreds = (minor: number, percent: number) => Math.floor((minor * percent) / 100 / 100_00) * 100_00;

/**
 * The sandbox's credit decision:
 * - a salary account with the bank that is overdrawn: declined (credit_history);
 * - the most the bank lends: a personal loan 40% of annual gross income (50%
 *   with a salary account in credit), an overdraft 10% of income up to 5,000.00,
 *   rounded down to a hundred;
 * - up to that amount: approved, at an indicative APR of 7.9 (loans of 7,500.00
 *   or more), 12.9 (3,000.00 or more), 19.9 (smaller loans) or 39.9 (overdrafts);
 * - up to one and a half times it: referred (affordability);
 * - more: declined (affordability).
 */
export function decideCredit(options: { product: string; requestedMinor: number; incomeMinor: number; salaryBalanceMinor?: number }): CreditDecision {
  const { product, requestedMinor, incomeMinor, salaryBalanceMinor } = options;
  if (salaryBalanceMinor !== undefined && salaryBalanceMinor < 0) return { decision: "declined", reasons: ["credit_history"] };
  const maximumMinor = product === "overdraft" ? Math.min(percentToHundreds(incomeMinor, 10), 5_000_00) : percentToHundreds(incomeMinor, salaryBalanceMinor !== undefined ? 50 : 40);
  if (requestedMinor <= maximumMinor) {
    const indicativeApr = product === "overdraft" ? "39.9" : requestedMinor >= 7_500_00 ? "7.9" : requestedMinor >= 3_000_00 ? "12.9" : "19.9";
    return { decision: "approved", indicativeApr, maximumMinor, reasons: [] };
  }
  if (requestedMinor * 2 <= maximumMinor * 3) return { decision: "referred", maximumMinor, reasons: ["affordability"] };
  return { decision: "declined", reasons: ["affordability"] };
}

export type SandboxCreditCheck = CreditDecision & {
  checkId: string;
  product: string;
  requestedMinor: number;
  currency: string;
  termMonths: number;
  expiresAt: Date;
  createdAt: Date;
};

const SELECT = {
  checkId: true,
  product: true,
  requestedMinor: true,
  currency: true,
  termMonths: true,
  decision: true,
  indicativeApr: true,
  maximumMinor: true,
  reasons: true,
  expiresAt: true,
  createdAt: true,
  salaryAccount: { select: { accountId: true } },
} as const;
type Row = Omit<SandboxCreditCheck, "decision" | "reasons" | "indicativeApr" | "maximumMinor"> & {
  decision: string;
  reasons: string;
  indicativeApr: string | null;
  maximumMinor: number | null;
  salaryAccount: { accountId: string } | null;
};
const toCheck = ({ salaryAccount: _salary, decision, reasons, indicativeApr, maximumMinor, ...row }: Row): SandboxCreditCheck => ({
  ...row,
  decision: decision as CreditDecision["decision"],
  reasons: reasons ? (reasons.split(",") as CreditReason[]) : [],
  ...(indicativeApr !== null ? { indicativeApr } : {}),
  ...(maximumMinor !== null ? { maximumMinor } : {}),
});

export type CreateCreditCheckResult =
  | { outcome: "created"; check: SandboxCreditCheck }
  | { outcome: "no_such_account" }
  | { outcome: "currency_mismatch" }
  | { outcome: "too_large" };

/** Runs the check and stores its decision. The caller has checked the salary account, if any, against the grant. */
export async function createCreditCheck(options: {
  db: DbOrTx;
  organisationId: string;
  appId: string;
  product: string;
  requestedMinor: number;
  requestedCurrency: string;
  termMonths: number;
  incomeMinor: number;
  incomeCurrency: string;
  salaryAccountId?: string;
  consentReference: string;
  now?: Date;
}): Promise<CreateCreditCheckResult> {
  const { db, organisationId } = options;
  const now = options.now ?? new Date();
  if (options.requestedCurrency !== options.incomeCurrency) return { outcome: "currency_mismatch" };
  if (options.requestedMinor > MAX_MINOR || options.incomeMinor > MAX_MINOR) return { outcome: "too_large" };
  let salary: { id: string; balanceMinor: number } | undefined;
  if (options.salaryAccountId !== undefined) {
    salary = (await db.sandboxAccount.findFirst({ where: { accountId: options.salaryAccountId, organisationId }, select: { id: true, balanceMinor: true } })) ?? undefined;
    if (!salary) return { outcome: "no_such_account" };
  }
  const decided = decideCredit({ product: options.product, requestedMinor: options.requestedMinor, incomeMinor: options.incomeMinor, salaryBalanceMinor: salary?.balanceMinor });
  const row = await db.sandboxCreditCheck.create({
    data: {
      checkId: newPublicId("chk"),
      organisationId,
      appId: options.appId,
      salaryAccountId: salary?.id ?? null,
      product: options.product,
      requestedMinor: options.requestedMinor,
      currency: options.requestedCurrency,
      termMonths: options.termMonths,
      incomeMinor: options.incomeMinor,
      consentReference: options.consentReference,
      decision: decided.decision,
      indicativeApr: decided.indicativeApr ?? null,
      maximumMinor: decided.maximumMinor ?? null,
      reasons: decided.reasons.join(","),
      expiresAt: new Date(now.getTime() + CREDIT_CHECK_VALID_MS),
      createdAt: now,
    },
    select: SELECT,
  });
  return { outcome: "created", check: toCheck(row) };
}

export async function findCreditCheck(options: { db: DbOrTx; organisationId: string; appId: string; checkId: string; mayUseAccount: (accountId: string) => boolean }): Promise<SandboxCreditCheck | undefined> {
  const row = await options.db.sandboxCreditCheck.findFirst({ where: { checkId: options.checkId, organisationId: options.organisationId, appId: options.appId }, select: SELECT });
  if (!row || (row.salaryAccount && !options.mayUseAccount(row.salaryAccount.accountId))) return undefined;
  return toCheck(row);
}
