// The redaction corpus: every way a secret or a customer's account data has
// been (or could be) sent to the gateway or printed by the server, and what
// must not survive redaction. The attack run stored 15 of 21 such cases
// verbatim; redact.test.ts runs every case through the redaction functions,
// lib/logs/redaction-through-gateway.test.ts sends some through a real
// gateway and reads them back from the logs list. Add a case for every new
// finding; never delete one.
//
// Values are fictitious: test IBANs with valid check digits, test card
// numbers that pass Luhn, a JWT signed by nobody.

export type RedactionCase = {
  name: string;
  /** query: one query parameter (name and value, as parsed); path: a raw request path; text: free text (a message, a header, a body excerpt). */
  kind: "query" | "path" | "text";
  query?: { name: string; value: string };
  path?: string;
  text?: string;
  /** What must not survive, in any case and with separators (space . - _ /) removed. */
  secrets: string[];
  /** What must survive (so redaction stays useful for debugging). */
  keep?: string[];
};

export const IBAN_GB = "GB33BUKB20201555555555";
export const IBAN_DE = "DE89370400440532013000";
export const IBAN_FR = "FR1420041010050500013M02606";
export const IBAN_NL = "NL91ABNA0417164300";
export const PAN_VISA = "4111111111111111";
export const PAN_MC = "5555555555554444";
export const PAN_AMEX = "378282246310005";
export const JWT = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkZXYtNDIiLCJpc3MiOiJodHRwczovL2lkcC5leGFtcGxlIiwiZXhwIjoxOTAwMDAwMDAwfQ.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLWp3dA";
/** base64("alice:s3cr3t-Pa55word") */
export const BASIC = "YWxpY2U6czNjcjN0LVBhNTV3b3Jk";
export const PAT = "pat_Q2x4Zk9lV3RyTjZzcGJ4eUhQ0aZ";
export const CLIENT_SECRET = "pcs_7TqvX2mN9kLp4RwZs8YbHc3D";
export const ACCOUNT_ID = "acc_k3d9w2qz8n6bc4yf";
export const RANDOM_SECRET = "Zx8Qm2Lr7Tv4Np9Kw3Hy6Bj5";
export const OAUTH_CODE = "SplxlOBeZQQYbYS6WxSbIA";

const spaced = (s: string, sep: string) => s.replace(/(.{4})(?=.)/g, `$1${sep}`);
const enc = (s: string) => encodeURIComponent(s);
const encAll = (s: string) => [...s].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`).join("");

export const REDACTION_CORPUS: RedactionCase[] = [
  // ── secrets and account data as query parameter *names*
  { name: "IBAN as a query name", kind: "query", query: { name: IBAN_GB, value: "1" }, secrets: [IBAN_GB] },
  { name: "lower-case spaced IBAN as a query name", kind: "query", query: { name: spaced(IBAN_DE, " ").toLowerCase(), value: "" }, secrets: [IBAN_DE] },
  { name: "card number as a query name", kind: "query", query: { name: PAN_VISA, value: "x" }, secrets: [PAN_VISA] },
  { name: "token as a query name", kind: "query", query: { name: PAT, value: "" }, secrets: [PAT] },
  { name: "JWT as a query name", kind: "query", query: { name: JWT, value: "1" }, secrets: [JWT] },
  { name: "account id as a query name in brackets", kind: "query", query: { name: `filter[${ACCOUNT_ID}]`, value: "1" }, secrets: [ACCOUNT_ID], keep: ["filter"] },
  // ── values under secret-looking names
  { name: "client_secret value", kind: "query", query: { name: "client_secret", value: "not-a-prefixed-secret-123" }, secrets: ["not-a-prefixed-secret-123"] },
  { name: "password value", kind: "query", query: { name: "Password", value: "hunter2!" }, secrets: ["hunter2!"] },
  { name: "api_key value", kind: "query", query: { name: "api_key", value: RANDOM_SECRET }, secrets: [RANDOM_SECRET] },
  { name: "x-api-key value", kind: "query", query: { name: "X-API-KEY", value: "k-88a7c1" }, secrets: ["k-88a7c1"] },
  { name: "key with a long random value", kind: "query", query: { name: "key", value: RANDOM_SECRET }, secrets: [RANDOM_SECRET] },
  { name: "OAuth code", kind: "query", query: { name: "code", value: OAUTH_CODE }, secrets: [OAUTH_CODE] },
  { name: "client_assertion", kind: "query", query: { name: "client_assertion", value: JWT }, secrets: [JWT] },
  { name: "assertion with a random value", kind: "query", query: { name: "assertion", value: RANDOM_SECRET }, secrets: [RANDOM_SECRET] },
  { name: "session id", kind: "query", query: { name: "sessionId", value: "s-41b7e0" }, secrets: ["s-41b7e0"] },
  { name: "account number under its name", kind: "query", query: { name: "account_number", value: "31926819" }, secrets: ["31926819"] },
  { name: "sort code under its name", kind: "query", query: { name: "sortCode", value: "20-00-00" }, secrets: ["200000"] },
  { name: "one-time password", kind: "query", query: { name: "otp", value: "482913" }, secrets: ["482913"] },
  { name: "secret name in disguise (brackets, case)", kind: "query", query: { name: "Client_Secret[]", value: "plain-words-but-secret" }, secrets: ["plain-words-but-secret"] },
  { name: "secret name percent-encoded", kind: "query", query: { name: "client%5Fsecret", value: "encoded-name-secret" }, secrets: ["encoded-name-secret"] },
  // ── shapes as query values
  { name: "JWT as a query value", kind: "query", query: { name: "state", value: JWT }, secrets: [JWT] },
  { name: "Basic credentials as a query value", kind: "query", query: { name: "h", value: `Basic ${BASIC}` }, secrets: [BASIC] },
  { name: "Bearer token as a query value", kind: "query", query: { name: "h", value: `Bearer ${RANDOM_SECRET}` }, secrets: [RANDOM_SECRET] },
  { name: "lower-case IBAN as a query value", kind: "query", query: { name: "to", value: IBAN_GB.toLowerCase() }, secrets: [IBAN_GB] },
  { name: "dashed IBAN as a query value", kind: "query", query: { name: "to", value: spaced(IBAN_FR, "-") }, secrets: [IBAN_FR] },
  { name: "dotted lower-case IBAN as a query value", kind: "query", query: { name: "to", value: spaced(IBAN_NL, ".").toLowerCase() }, secrets: [IBAN_NL] },
  { name: "dotted card number as a query value", kind: "query", query: { name: "q", value: spaced(PAN_MC, ".") }, secrets: [PAN_MC] },
  { name: "Amex with dashes", kind: "query", query: { name: "q", value: "3782-822463-10005" }, secrets: [PAN_AMEX] },
  { name: "account id in upper case", kind: "query", query: { name: "q", value: ACCOUNT_ID.toUpperCase() }, secrets: [ACCOUNT_ID] },
  { name: "double-encoded IBAN value", kind: "query", query: { name: "to", value: enc(enc(spaced(IBAN_GB, " "))) }, secrets: [IBAN_GB] },
  { name: "userinfo in a URL value", kind: "query", query: { name: "redirect", value: "https://alice:s3cr3t-Pa55word@example.test/cb" }, secrets: ["s3cr3t-Pa55word"], keep: ["example.test"] },
  // ── percent-encoded path segments
  { name: "percent-encoded IBAN path segment", kind: "path", path: `/sandbox/x/1/accounts/${encAll(IBAN_GB)}`, secrets: [IBAN_GB], keep: ["/sandbox/x/1/accounts/"] },
  { name: "spaced IBAN in a path (%20)", kind: "path", path: `/sandbox/x/1/accounts/${enc(spaced(IBAN_DE, " "))}/balance`, secrets: [IBAN_DE], keep: ["/balance"] },
  { name: "double-encoded card number in a path", kind: "path", path: `/sandbox/x/1/cards/${enc(enc(spaced(PAN_VISA, " ")))}`, secrets: [PAN_VISA] },
  { name: "encoded token in a path", kind: "path", path: `/sandbox/x/1/t/${encAll(PAT)}`, secrets: [PAT] },
  { name: "JWT in a path", kind: "path", path: `/sandbox/x/1/sessions/${JWT}`, secrets: [JWT] },
  { name: "encoded account id in a path", kind: "path", path: `/sandbox/x/1/accounts/${encAll(ACCOUNT_ID)}`, secrets: [ACCOUNT_ID] },
  // ── free text: what error messages and headers carry
  { name: "Authorization header text", kind: "text", text: `authorization: Basic ${BASIC}`, secrets: [BASIC] },
  { name: "bearer in a message", kind: "text", text: `token rejected: Bearer ${JWT}`, secrets: [JWT], keep: ["token rejected"] },
  { name: "JSON with a secret field", kind: "text", text: `Invalid invocation: { data: { "client_secret": "${RANDOM_SECRET}", "name": "Shop" } }`, secrets: [RANDOM_SECRET], keep: ["Shop"] },
  { name: "form body in a message", kind: "text", text: `grant_type=client_credentials&client_id=app1&client_secret=${CLIENT_SECRET}`, secrets: [CLIENT_SECRET], keep: ["client_credentials", "app1"] },
  { name: "password in a message", kind: "text", text: `password=hunter2-hunter2 rejected`, secrets: ["hunter2-hunter2"] },
  { name: "IBAN and card in a sentence", kind: "text", text: `pay ${spaced(IBAN_GB, " ").toLowerCase()} from card ${spaced(PAN_VISA, "-")} order 12345`, secrets: [IBAN_GB, PAN_VISA], keep: ["order 12345"] },
  // ── must survive
  { name: "ordinary parameters survive", kind: "query", query: { name: "limit", value: "5" }, secrets: [], keep: ["limit", "5"] },
  { name: "a word under code= survives", kind: "query", query: { name: "country_code", value: "GB" }, secrets: [], keep: ["GB"] },
  { name: "non-Luhn long number survives", kind: "text", text: "ref 1234567890123", secrets: [], keep: ["1234567890123"] },
  { name: "an invalid-check IBAN-like reference survives", kind: "text", text: "booking ab12cdefghijklmnop", secrets: [], keep: ["ab12cdefghijklmnop"] },
];
