// Fake but well-formed UK account identifiers for the sandbox: a GB IBAN is
// "GB" + two check digits + a four-letter bank code + the six-digit sort code
// + the eight-digit account number, with check digits per ISO 13616 (mod 97),
// so client-side IBAN validators accept them.
import { randomInt } from "node:crypto";

/** The bank code of every sandbox IBAN: obviously fictitious. */
export const SANDBOX_BANK_CODE = "PRTC";

function mod97(digits: string): number {
  let remainder = 0;
  for (const ch of digits) remainder = (remainder * 10 + Number(ch)) % 97;
  return remainder;
}

/** Letters become 10..35, as ISO 13616 prescribes for the check. */
const numeric = (text: string) => text.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));

export function gbIban(sortCode: string, accountNumber: string): string {
  const bban = `${SANDBOX_BANK_CODE}${sortCode}${accountNumber}`;
  const check = 98 - mod97(numeric(`${bban}GB00`));
  return `GB${String(check).padStart(2, "0")}${bban}`;
}

export function isValidIban(iban: string): boolean {
  const compact = iban.replace(/\s+/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(compact)) return false;
  return mod97(numeric(compact.slice(4) + compact.slice(0, 4))) === 1;
}

export const randomDigits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join("");

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
/** `acc_` + 16 lowercase base32 characters (80 random bits). */
export function newSandboxAccountId(): string {
  return `acc_${Array.from({ length: 16 }, () => BASE32[randomInt(32)]).join("")}`;
}

export function newCustomerRef(): string {
  return `cus_${Array.from({ length: 12 }, () => BASE32[randomInt(32)]).join("")}`;
}
