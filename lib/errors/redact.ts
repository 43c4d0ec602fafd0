// Redaction of everything the server writes down about a request: the
// gateway's request logs (lib/logs/redact-log-entry.ts, in the request-log
// thread) and the errors the portal and the gateway print to stdout
// (serverErrorText below). It lives here, beside the one base error, because
// the lowest code that logs (problemResponse) must be able to use it.
// Security-critical. Every case the attack run found is a case of
// redaction-corpus.ts, and redact.test.ts asserts that none of what a case
// marks secret survives.
//
// Three passes, because none alone is enough:
// 1. by meaning — parameters the spec marks with x-portico-account (by the
//    caller, by name), and fields whose *name* says secret (authorization,
//    token, secret, password, iban, pan…), also when the name is disguised
//    (brackets, case, separators, percent-encoding);
// 2. by name in free text — `password=…`, `"client_secret": "…"`;
// 3. by shape — anything that looks like one of our tokens or secrets
//    (pat_/pcs_/pmt_), an account id (acc_…), an IBAN (any case, any
//    separator, ISO 13616 check digits), a card number (13–19 digits, any
//    separator, Luhn), a JWT, or credentials after Basic/Bearer — in values,
//    in names and in the percent-decoded form of both.
export const REDACTED = "[redacted]";

/** Names whose value is always secret or account data. */
const SENSITIVE_NAME = /(authori[sz]ation|token|secret|passw(or)?d|passwd|pwd|cookie|session|iban|account.?(id|number|no|num)|^account$|card|^pan$|primary.?account|cvv|cvc|cvn|sort.?code|assertion|api.?key|private.?key|credential|signature|bearer)/i;
/** Names whose value is secret when it looks random (`code=`, `key=`, `sig=`), not when it is a word (`code=GB`). */
const SECRETISH_NAME = /(key|code|sig|auth|otp|pin|nonce|hash|hmac|verifier|jwt|jws)$/i;

const OPAQUE = /\b(pat|pcs|pmt)_[A-Za-z0-9_-]{8,}/gi;
const ACCOUNT_ID = /\bacc_[A-Za-z0-9]{6,}/gi;
/** Compact or printed in groups of four, upper case: redacted without the check-digit test (as before). */
const IBAN_PRINTED = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g;
/** Where a loosely written IBAN may start: two letters and two digits (any case). */
const IBAN_START = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}/g;
/** Where a card number may start. */
const DIGIT_START = /(?<![0-9])\d/g;
/** Three base64url parts, the first a JSON header ("eyJ"). */
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
/** An HTTP credential after its scheme (RFC 9110 §11.4), also "Basic%20…" once decoded. */
const SCHEME_CREDENTIAL = /\b(Basic|Bearer|Digest|Token|DPoP)(\s+|[:=])([A-Za-z0-9+/=._~-]{6,})/gi;
/** Userinfo in a URL: scheme://user:password@host */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi;
/** `name=value`, `name: value`, `"name": "value"` with a sensitive name, inside free text. */
const NAMED_VALUE = /(["']?)([A-Za-z0-9_.\-[\]]{2,40})\1(\s*[:=]\s*)(["']?)([^"'\s&,;}=:]{3,}=*)(?=$|["'\s&,;}])\4/g;
const SEPARATOR = /[ .\-_/]/;

function mod97(digits: string): number {
  let remainder = 0;
  for (const ch of digits) remainder = (remainder * 10 + (ch.charCodeAt(0) - 48)) % 97;
  return remainder;
}

function validIban(compact: string): boolean {
  const upper = compact.toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(upper)) return false;
  const rearranged = upper.slice(4) + upper.slice(0, 4);
  return mod97(rearranged.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55))) === 1;
}

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

/**
 * Finds runs that start at `start` matches, take up to `max` characters of
 * `unit` with at most one separator between them, and pass `valid` for some
 * length ≥ min (longest first); replaces each with REDACTED.
 */
function redactRuns(text: string, start: RegExp, unit: RegExp, min: number, max: number, valid: (compact: string) => boolean): string {
  let out = "";
  let last = 0;
  start.lastIndex = 0;
  for (let m = start.exec(text); m; m = start.exec(text)) {
    if (m.index < last) continue;
    const ends: number[] = [];
    let compact = "";
    let i = m.index;
    while (i < text.length && compact.length < max) {
      const ch = text[i]!;
      if (unit.test(ch)) {
        compact += ch;
        i++;
        ends[compact.length] = i;
      } else if (SEPARATOR.test(ch) && compact.length && i + 1 < text.length && unit.test(text[i + 1]!)) i++;
      else break;
    }
    for (let n = compact.length; n >= min; n--) {
      const end = ends[n]!;
      // Whole tokens only: the run must not stop in the middle of letters or digits.
      if (end < text.length && /[A-Za-z0-9]/.test(text[end]!)) continue;
      if (valid(compact.slice(0, n))) {
        out += text.slice(last, m.index) + REDACTED;
        last = end;
        start.lastIndex = end;
        break;
      }
    }
  }
  return out + text.slice(last);
}

/** Percent-decoding, repeated for double encoding; malformed escapes are left as they are. */
function percentDecode(text: string): string {
  let decoded = text;
  for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(decoded); i++) {
    try {
      decoded = decodeURIComponent(decoded.replace(/\+/g, " "));
    } catch {
      decoded = decoded.replace(/%([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
  }
  return decoded;
}

/** Whether a value looks like a random secret rather than a word or a number. */
function looksRandom(value: string): boolean {
  if (value.length < 12) return /^\d{3,8}$/.test(value); // PINs, OTPs, CVVs
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[_\-+/=.~]/].filter((r) => r.test(value)).length;
  return classes >= 2 && !/^[a-z]+(?:[ _-][a-z]+)*$/i.test(value);
}

/**
 * A query parameter's name with its disguises removed: percent-encoding
 * (also double), array brackets (`[]`, `[0]`), case and separators. The
 * sandbox's account check and redaction by name both compare names this way.
 */
export function normaliseParameterName(name: string): string {
  let decoded = name;
  for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(decoded); i++) {
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      break;
    }
  }
  return decoded.replace(/\[[^\]]*\]/g, "").toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** Whether a field or parameter of this name holds a secret or account data (whatever its value). */
export function isSensitiveName(name: string): boolean {
  const decoded = percentDecode(name);
  return SENSITIVE_NAME.test(decoded) || SENSITIVE_NAME.test(normaliseParameterName(decoded));
}

function redactShapes(text: string): string {
  let out = text
    .replace(JWT, REDACTED)
    // "Token rejected" is a sentence, not a credential: a credential is not one plain word.
    .replace(SCHEME_CREDENTIAL, (match, scheme: string, sep: string, value: string) => (/^[a-z]+$/i.test(value) ? match : `${scheme}${sep}${REDACTED}`))
    .replace(URL_USERINFO, (_m, scheme: string) => `${scheme}${REDACTED}@`)
    .replace(OPAQUE, REDACTED)
    .replace(ACCOUNT_ID, REDACTED)
    .replace(IBAN_PRINTED, REDACTED);
  out = redactRuns(out, IBAN_START, /[A-Za-z0-9]/, 15, 34, validIban);
  out = redactRuns(out, DIGIT_START, /\d/, 13, 19, luhn);
  return out.replace(NAMED_VALUE, (match, q: string, name: string, sep: string, vq: string, value: string) => {
    if (value === REDACTED || value.startsWith("[redacted")) return match;
    const secret = isSensitiveName(name) || (SECRETISH_NAME.test(normaliseParameterName(name)) && looksRandom(value));
    return secret ? `${q}${name}${q}${sep}${vq}${REDACTED}${vq}` : match;
  });
}

/**
 * Redacts sensitive shapes inside free text (paths, names, messages, values),
 * in the text as given and in its percent-decoded form: when decoding reveals
 * something to redact, the decoded, redacted text is what is kept.
 */
export function redactText(text: string): string {
  const direct = redactShapes(text);
  const decoded = percentDecode(text);
  if (decoded === text) return direct;
  const viaDecoded = redactShapes(decoded);
  return viaDecoded === decoded ? direct : viaDecoded;
}

/** A value stored under `name`: redacted whole when the name says secret, or the name hints so and the value looks random. */
function redactNamed(name: string, value: unknown, depth: number): unknown {
  if (isSensitiveName(name)) return REDACTED;
  if (typeof value === "string" && SECRETISH_NAME.test(normaliseParameterName(name)) && looksRandom(percentDecode(value))) return REDACTED;
  return redactValue(value, depth + 1);
}

/** A deep copy with sensitive names and shapes redacted — in values and in the names themselves. Depth- and size-bounded: logs are excerpts. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > 8) return "[truncated]";
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value).slice(0, 50)) {
    let key = redactText(k);
    for (let n = 2; Object.hasOwn(out, key); n++) key = `${redactText(k)}#${n}`;
    Object.defineProperty(out, key, { value: redactNamed(k, v, depth), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * A request path with the spec's account-marked path parameters replaced by
 * their template name, then the shape pass over what remains (each segment
 * also percent-decoded).
 */
export function redactPath(options: { path: string; template?: string; sensitiveParams?: string[] }): string {
  const { path, template, sensitiveParams } = options;
  const p = path.split("/");
  if (template && sensitiveParams?.length) {
    const t = template.split("/");
    if (t.length === p.length) {
      for (let i = 0; i < t.length; i++) {
        const name = /^\{(.+)\}$/.exec(t[i]!)?.[1];
        if (name && (sensitiveParams.includes(name) || isSensitiveName(name))) p[i] = REDACTED;
      }
    }
  }
  return p.map((segment) => (segment === REDACTED ? segment : redactText(segment))).join("/");
}

/**
 * What the server prints about an error it did not expect: name, message,
 * cause and stack, redacted like the request logs (a Prisma error quotes
 * the query's values; a parser quotes its input). Never sent to a client.
 */
export function serverErrorText(error: unknown): string {
  const describe = (e: unknown, depth: number): string => {
    if (!(e instanceof Error)) {
      if (typeof e === "string") return e;
      // { error, ...context } as next-auth's logger passes it: the error in full, the rest as redacted data.
      if (e && typeof e === "object" && (e as { error?: unknown }).error instanceof Error && depth < 3) {
        const { error: inner, ...rest } = e as { error: Error };
        return `${JSON.stringify(redactValue(rest))} ${describe(inner, depth + 1)}`;
      }
      return JSON.stringify(redactValue(e)) ?? String(e);
    }
    const cause = e.cause !== undefined && depth < 3 ? `\ncaused by: ${describe(e.cause, depth + 1)}` : "";
    return `${e.stack ?? `${e.name}: ${e.message}`}${cause}`;
  };
  return describe(error, 0)
    .split("\n")
    .map((line) => redactText(line))
    .join("\n");
}

/** The one way server code prints an unexpected error: redacted (serverErrorText). */
export function logServerError(context: string, error?: unknown): void {
  console.error(error === undefined ? redactText(context) : `${redactText(context)} ${serverErrorText(error)}`);
}
