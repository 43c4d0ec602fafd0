// Rich authorization requests: the client says in authorization_details
// exactly what the customer is asked to allow — read access to accounts
// with named permissions, or one payment of a given amount to a given
// creditor — instead of (or besides) a scope. Checked here when pushed,
// shown in words on the consent page, carried by the token, enforced by the
// sandbox (lib/sandbox/check-consent.ts).
// @see RFC 9396 §2 (the array, "type"), §5 (invalid_authorization_details),
// §7 (the token response returns them), §9.2 (introspection), §10
// (authorization_details_types_supported).
import { z } from "zod";
import { ACCOUNT_PERMISSIONS, type AuthorizationDetail, type PaymentInitiationDetail } from "@/lib/db/json-columns";
import { InvalidAuthorizationDetails } from "./errors";

export const AUTHORIZATION_DETAILS_TYPES = ["account_access", "payment_initiation"] as const;
/** A sandbox request carries a handful of entries; more is a mistake or an attack on the consent page. */
const MAX_DETAILS = 10;

const text = (max: number) => z.string().trim().min(1).max(max);
const accountAccess = z.strictObject({
  type: z.literal("account_access"),
  accounts: z.array(text(64)).min(1).max(50).optional(),
  permissions: z.array(z.enum(ACCOUNT_PERMISSIONS)).min(1).max(ACCOUNT_PERMISSIONS.length),
});
const paymentInitiation = z.strictObject({
  type: z.literal("payment_initiation"),
  instructedAmount: z.strictObject({
    // A decimal string (never a JSON number: 0.1 + 0.2), more than zero, at most two decimals.
    amount: z.string().regex(/^(0|[1-9][0-9]{0,8})(\.[0-9]{1,2})?$/, "must be a decimal string such as \"12.34\"").refine((a) => Number(a) > 0, "must be more than 0"),
    currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as EUR"),
  }),
  creditorName: text(140),
  creditorAccount: z.strictObject({ iban: z.string().regex(/^[A-Za-z]{2}[0-9]{2}[A-Za-z0-9 ]{10,36}$/, "must be an IBAN") }),
  remittanceInformation: text(140).optional(),
});

/** The pushed parameter, checked: a JSON array of known types, each as defined above; anything else is invalid_authorization_details. */
export function parseAuthorizationDetails(value: string | undefined): AuthorizationDetail[] | undefined {
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidAuthorizationDetails("authorization_details must be a JSON array (RFC 9396 section 2)");
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw new InvalidAuthorizationDetails("authorization_details must be a non-empty JSON array (RFC 9396 section 2)");
  if (parsed.length > MAX_DETAILS) throw new InvalidAuthorizationDetails(`authorization_details may hold at most ${MAX_DETAILS} entries`);
  const details = parsed.map((entry: unknown, index): AuthorizationDetail => {
    const type = entry && typeof entry === "object" ? (entry as { type?: unknown }).type : undefined;
    if (typeof type !== "string") throw new InvalidAuthorizationDetails(`authorization_details[${index}] must be an object with a type`);
    const schema = type === "account_access" ? accountAccess : type === "payment_initiation" ? paymentInitiation : undefined;
    if (!schema) throw new InvalidAuthorizationDetails(`authorization_details[${index}]: unknown type ${type.slice(0, 40)}; supported: ${AUTHORIZATION_DETAILS_TYPES.join(", ")}`);
    const result = schema.safeParse(entry);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const where = [index, ...issue.path].map(String).join(".");
      throw new InvalidAuthorizationDetails(`authorization_details.${where}: ${issue.message}`);
    }
    return result.data as AuthorizationDetail;
  });
  if (details.filter((d) => d.type === "payment_initiation").length > 1) throw new InvalidAuthorizationDetails("authorization_details may ask for one payment_initiation at a time");
  if (details.filter((d) => d.type === "account_access").length > 1) throw new InvalidAuthorizationDetails("authorization_details may hold one account_access entry");
  return details;
}

/** The one payment a request asks for, if any. */
export const paymentInitiationOf = (details: AuthorizationDetail[] | null | undefined): PaymentInitiationDetail | undefined =>
  details?.find((d): d is PaymentInitiationDetail => d.type === "payment_initiation");
