// What a customer's token may do under its RFC 9396 consent, beyond its
// scopes and accounts. A token asked without authorization_details is not
// limited here. One asked with them may:
//   - read accounts, balances, transactions and the payment list only with
//     the account_access permission of that name ("accounts", "balances",
//     "transactions", "payments");
//   - create one payment, only with a payment_initiation entry, and only the
//     payment consented to (amount, currency, creditor name and IBAN,
//     reference when one was given, debtor = the account the customer
//     chose); it may then read and cancel payments too.
// The "only one" is not decided here: the payment's own transaction marks
// the consent used by a conditional update (./answer-from-data.ts), so two
// racing payments cannot both pass.
// @see RFC 9396 §2, §7
import type { TokenConsent } from "@/lib/access/load-app-grant";
import type { AccountPermission } from "@/lib/db/json-columns";
import type { Violation } from "@/lib/errors";
import { SandboxProblem } from "./errors";

/** The binding operations an account_access permission opens (others are governed by scopes alone). */
const PERMISSION_FOR: Record<string, AccountPermission> = {
  "accounts list": "accounts",
  "accounts get": "accounts",
  "balances get": "balances",
  "transactions list": "transactions",
  "transactions get": "transactions",
  "payments list": "payments",
  "payments get": "payments",
};
/** Operations on the payment a payment_initiation consent made. */
const PAYMENT_OPERATIONS = new Set(["payments create", "payments get", "payments cancel"]);

/** Refuses a bound operation (`resource action`) the consent does not cover. */
export function checkConsentCovers(consent: TokenConsent | undefined, operation: string) {
  if (!consent) return;
  if (consent.payment && PAYMENT_OPERATIONS.has(operation)) return;
  if (operation === "payments create" || operation === "payments cancel") {
    throw new SandboxProblem("forbidden", "consent_lacks_permission", "The customer's consent holds no payment_initiation: ask for one in authorization_details");
  }
  const permission = PERMISSION_FOR[operation];
  if (permission && !consent.permissions?.has(permission)) {
    throw new SandboxProblem("forbidden", "consent_lacks_permission", `The customer's consent does not include the ${permission} permission (account_access in authorization_details)`);
  }
}

export type PaymentRequest = {
  debtorAccountId: string;
  amountMinor: number;
  currency: string;
  creditorName: string;
  creditorIban: string;
  reference: string;
};

const minorOf = (amount: string) => {
  const [whole, fraction = ""] = amount.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
};
const normaliseIban = (iban: string) => iban.replace(/\s+/g, "").toUpperCase();

/** Refuses a payment unlike the one consented to, naming each field that differs (at its pointer in the request). */
export function checkPaymentMatchesConsent(consent: TokenConsent | undefined, payment: PaymentRequest, pointers: Partial<Record<keyof PaymentRequest, string>>) {
  const consented = consent?.payment;
  if (!consented) return;
  const violations: Violation[] = [];
  const differ = (field: keyof PaymentRequest, expected: string) => violations.push({ pointer: pointers[field], message: `${field === "amountMinor" ? "amount" : field} must be ${expected}, as the customer consented` });
  if (payment.amountMinor !== minorOf(consented.instructedAmount.amount)) differ("amountMinor", consented.instructedAmount.amount);
  if (payment.currency !== consented.instructedAmount.currency) differ("currency", consented.instructedAmount.currency);
  if (payment.creditorName.trim() !== consented.creditorName) differ("creditorName", consented.creditorName);
  if (normaliseIban(payment.creditorIban) !== normaliseIban(consented.creditorAccount.iban)) differ("creditorIban", consented.creditorAccount.iban);
  if (consented.remittanceInformation !== undefined && payment.reference !== consented.remittanceInformation) differ("reference", consented.remittanceInformation);
  if (consented.debtorAccount && payment.debtorAccountId !== consented.debtorAccount.accountId) differ("debtorAccountId", "the account the customer chose to pay from");
  if (violations.length) {
    const fields = violations.map((v) => v.message.split(" ")[0]).join(", ");
    throw new SandboxProblem("consent_mismatch", "consent_mismatch", `The payment differs from the one the customer consented to: ${fields}`, { violations });
  }
}
