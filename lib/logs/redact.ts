// Redaction of everything the gateway logs, before it is stored.
// Two passes, because neither alone is enough:
// 1. by meaning — path parameters, query parameters and body properties the
//    spec marks with x-portico-account, and fields whose *name* says secret
//    (authorization, token, secret, password, iban, pan…);
// 2. by shape — any remaining string that looks like one of our tokens or
//    secrets (pat_/pcs_/pmt_), an account id (acc_…), an IBAN, or a card
//    number (13–19 digits passing the Luhn check).
export const REDACTED = "[redacted]";

const SENSITIVE_NAME = /(authori[sz]ation|token|secret|password|passwd|cookie|session|iban|account.?(id|number|no)|^account$|card|pan$|cvv|cvc|sort.?code|client.?assertion)/i;

const OPAQUE = /\b(pat|pcs|pmt)_[A-Za-z0-9_-]{8,}/g;
const ACCOUNT_ID = /\bacc_[A-Za-z0-9]{6,}/g;
// Compact or printed in groups of four ("GB33 BUKB 2020 …"); spaces only between groups, so text after an IBAN is left alone.
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g;
const DIGITS = /\b\d(?:[ -]?\d){12,18}\b/g;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Redacts sensitive shapes inside free text (paths, messages, values). */
export function redactText(text: string): string {
  return text
    .replace(OPAQUE, REDACTED)
    .replace(ACCOUNT_ID, REDACTED)
    .replace(IBAN, REDACTED)
    .replace(DIGITS, (match) => (luhn(match.replace(/[ -]/g, "")) ? REDACTED : match));
}

/** A deep copy with sensitive names and shapes redacted. Depth- and size-bounded: logs are excerpts. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > 8) return "[truncated]";
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value).slice(0, 50)) out[k] = SENSITIVE_NAME.test(k) ? REDACTED : redactValue(v, depth + 1);
  return out;
}

/**
 * A request path with the spec's account-marked path parameters replaced by
 * their template name, then the shape pass over what remains.
 */
export function redactPath(options: { path: string; template?: string; sensitiveParams?: string[] }): string {
  const { path, template, sensitiveParams } = options;
  if (template && sensitiveParams?.length) {
    const t = template.split("/");
    const p = path.split("/");
    if (t.length === p.length) {
      for (let i = 0; i < t.length; i++) {
        const name = /^\{(.+)\}$/.exec(t[i]!)?.[1];
        if (name && (sensitiveParams.includes(name) || SENSITIVE_NAME.test(name))) p[i] = REDACTED;
      }
      return redactText(p.join("/"));
    }
  }
  return redactText(path);
}
