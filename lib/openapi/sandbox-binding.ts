// How an operation answers from the organisation's sandbox data, declared in
// the spec: the `x-portico-sandbox` extension on an Operation Object names a
// resource, an action, where the request carries each input (JSON pointers
// into /path, /query, /header, /body) and where each sandbox field goes in the
// response (JSON pointers). decodeSandboxBinding is the ONE decoder: bindings
// from a spec and bindings kept beside it (an admin's per-version overlay)
// both go through it, so there is one vocabulary and one set of checks.
//
//   x-portico-sandbox:
//     resource: accounts            # accounts | balances | transactions | payments | cards | rates | quotes | applications | documents | creditChecks
//     action: get                   # list | get | create | cancel | freeze | unfreeze | update-limits | submit (as the resource offers)
//     request: { accountId: /path/accountId }
//     response:
//       status: 200
//       items: /Data/Account        # optional: the results go in an array here
//       fields:                     # pointer (inside each result) → sandbox field
//         /AccountId: accountId
//         /Currency: currency
//         /AccountType: { field: type, values: { current: Personal, savings: Personal, business: Business } }
//         /Account/0/SchemeName: { const: UK.OBIE.IBAN }
//         /Account/0/Identification: iban
//
// See README "Sandbox bank" for every resource's inputs and fields.
import { z } from "zod";

export const SANDBOX_EXTENSION = "x-portico-sandbox";

/** What each resource takes from a request (the binding's `request` keys) and which of them an action requires. */
const INPUTS = {
  accounts: { list: { optional: ["type"], required: [] }, get: { optional: [], required: ["accountId"] } },
  balances: { get: { optional: [], required: ["accountId"] } },
  transactions: {
    list: { optional: ["fromDate", "toDate", "limit", "cursor", "page"], required: ["accountId"] },
    get: { optional: [], required: ["accountId", "transactionId"] },
  },
  payments: {
    list: { optional: ["status", "limit"], required: ["accountId"] },
    get: { optional: [], required: ["paymentId"] },
    create: {
      optional: ["endToEndId", "requestedExecutionDate", "idempotencyKey"],
      required: ["debtorAccountId", "amount", "currency", "creditorName", "creditorIban", "reference"],
    },
    cancel: { optional: [], required: ["paymentId"] },
  },
  cards: {
    list: { optional: [], required: ["accountId"] },
    get: { optional: [], required: ["cardId"] },
    freeze: { optional: ["reason"], required: ["cardId"] },
    unfreeze: { optional: [], required: ["cardId"] },
    "update-limits": { optional: [], required: ["cardId", "dailyPurchase", "dailyCashWithdrawal", "currency"] },
  },
  rates: {
    list: { optional: ["baseCurrency"], required: [] },
    get: { optional: [], required: ["currencyPair"] },
  },
  quotes: {
    create: { optional: [], required: ["sourceAccountId", "sellCurrency", "buyCurrency", "sellAmount"] },
    get: { optional: [], required: ["quoteId"] },
  },
  applications: {
    create: {
      optional: ["mobileNumber", "addressLine2"],
      required: ["givenName", "familyName", "dateOfBirth", "nationality", "email", "addressLine1", "city", "postcode", "country", "productCode"],
    },
    get: { optional: [], required: ["applicationId"] },
    submit: { optional: [], required: ["applicationId", "consentToChecks"] },
  },
  documents: {
    create: { optional: ["documentNumber", "expiryDate"], required: ["applicationId", "documentType", "issuingCountry"] },
  },
  creditChecks: {
    create: {
      optional: ["salaryAccountId"],
      required: ["product", "requestedAmount", "requestedCurrency", "termMonths", "annualGrossIncome", "incomeCurrency", "consentReference"],
    },
    get: { optional: [], required: ["checkId"] },
  },
} as const;

/**
 * The inputs that name one of the organisation's accounts (by its public
 * account id). Security-critical: lib/sandbox checks each against the app's
 * grant and treats it as an x-portico-account mark (checked, and redacted in
 * the request log), whether or not the spec marks it.
 */
export const ACCOUNT_INPUTS: readonly string[] = ["accountId", "debtorAccountId", "sourceAccountId", "salaryAccountId"];

/** The sandbox fields each resource offers to a response (the values of `response.fields`). */
export const FIELDS = {
  accounts: ["accountId", "name", "type", "iban", "sortCode", "accountNumber", "currency", "openedOn", "balance", "balanceNumber"],
  balances: [
    "accountId", "currency", "asOf", "booked", "available", "bookedNumber", "availableNumber",
    // One balance per result when the binding lists them (`items`): booked, then available.
    "type", "amount", "amountAbs", "amountNumber", "creditDebitIndicator",
  ],
  transactions: [
    "transactionId", "accountId", "bookingDate", "bookingDateTime", "amount", "amountAbs", "amountNumber", "currency",
    "creditDebitIndicator", "description", "counterparty", "status",
  ],
  payments: [
    "paymentId", "status", "debtorAccountId", "creditorName", "creditorIban", "amount", "amountNumber", "currency", "reference",
    "endToEndId", "requestedExecutionDate", "createdAt",
  ],
  cards: [
    "cardId", "accountId", "cardholderName", "panLastFour", "scheme", "status", "expiryMonth", "expiryYear",
    "dailyPurchase", "dailyCashWithdrawal", "currency",
  ],
  rates: ["currencyPair", "baseCurrency", "quoteCurrency", "bid", "ask", "mid", "asOf"],
  // status: open, or expired once the sandbox's now is past expiresAt.
  quotes: ["quoteId", "sourceAccountId", "sellCurrency", "buyCurrency", "sellAmount", "buyAmount", "rate", "expiresAt", "status", "createdAt"],
  applications: [
    "applicationId", "status", "productCode", "givenName", "familyName",
    // documents: an array of { documentId, documentType, status }.
    "documents",
    // The KYC checks, present once decided: pass | fail (identity, address), clear | hit (sanctions, pep).
    "identityCheck", "addressCheck", "sanctionsCheck", "pepCheck",
    "createdAt", "submittedAt", "decidedAt",
    // The account an approved application opened, once decided.
    "openedAccountId",
  ],
  documents: ["documentId", "applicationId", "documentType", "issuingCountry", "status"],
  creditChecks: [
    "checkId", "decision", "product", "indicativeApr", "maximumAmount", "maximumCurrency",
    // reasons: an array of affordability | credit_history | insufficient_data.
    "reasons", "requestedAmount", "currency", "termMonths", "expiresAt", "createdAt",
  ],
} as const;

/** Fields about the page rather than a result (`response.page`): paging, and for rates the base currency and time they are quoted for. */
const PAGE_FIELDS = ["nextCursor", "nextPage", "baseCurrency", "asOf"] as const;

export type SandboxResource = keyof typeof INPUTS;
const ACTIONS = ["list", "get", "create", "cancel", "freeze", "unfreeze", "update-limits", "submit"] as const;
export type SandboxAction = (typeof ACTIONS)[number];
export type RequestLocation = "path" | "query" | "header" | "body";
/** Where a request carries an input; `values` maps the spec's values to the sandbox's (e.g. Personal → current). */
export type RequestSource = { in: RequestLocation; name: string; path: string[]; values?: Record<string, string> };
/** What goes at a response pointer: a sandbox field (its values optionally renamed) or a constant. */
export type FieldSource = { field: string; values?: Record<string, string> } | { const: string | number | boolean };
export type FieldMapping = { pointer: string[]; source: FieldSource };

export type SandboxBinding = {
  resource: SandboxResource;
  action: SandboxAction;
  request: Record<string, RequestSource>;
  response: {
    status: number;
    /** Pointer tokens of the array holding the results; absent: one result at the root. */
    items?: string[];
    fields: FieldMapping[];
    page: FieldMapping[];
    /** A Location header template, e.g. /payments/{paymentId}. */
    location?: string;
  };
  /** payments/create: amounts above this (minor units) are held as pending; null: none are. */
  pendingAboveMinor: number | null;
  /** Results per page when the request names no limit. */
  pageSize: number;
};

/** One problem of a binding: where in the binding (pointer tokens: ["request", "accountId"]) and what is wrong. */
export type BindingIssue = { path: string[]; message: string };

export class InvalidBinding extends Error {
  /** Each problem as one line, "request.accountId: accounts get needs it". */
  readonly problems: string[];

  constructor(readonly issues: BindingIssue[]) {
    const problems = issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message));
    super(`invalid ${SANDBOX_EXTENSION}: ${problems.join("; ")}`);
    this.name = "InvalidBinding";
    this.problems = problems;
  }
}

const pointer = z.string().regex(/^(\/([^~/]|~[01])*)*$/, "must be a JSON pointer (RFC 6901)");
const valueMap = z.record(z.string(), z.string());
const fieldSource = z.union([z.string(), z.object({ field: z.string(), values: valueMap.optional() }).strict(), z.object({ const: z.union([z.string(), z.number(), z.boolean()]) }).strict()]);
const RAW = z
  .object({
    resource: z.enum(Object.keys(INPUTS) as [SandboxResource, ...SandboxResource[]]),
    action: z.enum(ACTIONS),
    request: z.record(z.string(), z.union([pointer, z.object({ pointer, values: valueMap.optional() }).strict()])).default({}),
    response: z
      .object({
        status: z.number().int().min(200).max(299).optional(),
        items: pointer.optional(),
        fields: z.record(pointer, fieldSource),
        page: z.record(pointer, fieldSource).default({}),
        location: z.string().regex(/^\/[^\s]*$/).optional(),
      })
      .strict(),
    pendingAbove: z.string().regex(/^[0-9]{1,13}\.[0-9]{2}$/, 'must be a decimal amount such as "10000.00"').optional(),
    pageSize: z.number().int().min(1).max(500).optional(),
  })
  .strict();

/** RFC 6901 §4: "" is the root; ~1 is "/", ~0 is "~". */
export const pointerTokens = (p: string): string[] => (p === "" ? [] : p.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~")));

const DEFAULT_STATUS: Record<SandboxAction, number> = { list: 200, get: 200, create: 201, cancel: 200, freeze: 200, unfreeze: 200, "update-limits": 200, submit: 200 };

/**
 * The operation's binding, decoded and checked once; undefined when it has
 * none. Throws InvalidBinding naming every problem, so a bank binding its own
 * spec learns what to fix. Takes the Operation Object (or an overlay entry of
 * the same shape: `{ "x-portico-sandbox": … }`).
 */
export function decodeSandboxBinding(operation: Record<string, unknown>): SandboxBinding | undefined {
  const raw = operation[SANDBOX_EXTENSION];
  if (raw === undefined) return undefined;
  const parsed = RAW.safeParse(raw);
  if (!parsed.success) throw new InvalidBinding(parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })));
  const b = parsed.data;
  const problems: BindingIssue[] = [];
  const problem = (path: string[], message: string) => problems.push({ path, message });
  const actions = INPUTS[b.resource] as Record<string, { optional: readonly string[]; required: readonly string[] }>;
  const inputs = actions[b.action];
  if (!inputs) {
    throw new InvalidBinding([{ path: ["action"], message: `${b.resource} has no action ${b.action}; use ${Object.keys(actions).join(" or ")}` }]);
  }
  const request: Record<string, RequestSource> = {};
  for (const [name, spec] of Object.entries(b.request)) {
    if (!inputs.required.includes(name) && !inputs.optional.includes(name)) {
      problem(["request", name], `${b.resource} ${b.action} takes ${[...inputs.required, ...inputs.optional].join(", ")}`);
      continue;
    }
    const p = typeof spec === "string" ? spec : spec.pointer;
    const [location, ...rest] = pointerTokens(p);
    if (location !== "path" && location !== "query" && location !== "header" && location !== "body") {
      problem(["request", name], "the pointer must start with /path, /query, /header or /body");
      continue;
    }
    if (location !== "body" && rest.length !== 1) {
      problem(["request", name], `a ${location} pointer names one parameter, e.g. /${location}/${name}`);
      continue;
    }
    request[name] = {
      in: location,
      name: location === "header" ? rest[0]!.toLowerCase() : (rest[0] ?? ""),
      path: rest,
      ...(typeof spec === "string" || !spec.values ? {} : { values: spec.values }),
    };
  }
  for (const name of inputs.required) if (!request[name]) problem(["request", name], `${b.resource} ${b.action} needs it`);
  const known = FIELDS[b.resource] as readonly string[];
  const mappings = (entries: Record<string, z.infer<typeof fieldSource>>, allowed: readonly string[], where: string): FieldMapping[] =>
    Object.entries(entries).flatMap(([p, spec]) => {
      const source: FieldSource = typeof spec === "string" ? { field: spec } : spec;
      if ("field" in source && !allowed.includes(source.field)) {
        problem(["response", where, p], `${source.field} is not a field of ${where === "page" ? "a page" : b.resource}; use one of ${allowed.join(", ")}`);
        return [];
      }
      return [{ pointer: pointerTokens(p), source }];
    });
  const fields = mappings(b.response.fields, known, "fields");
  const page = mappings(b.response.page, PAGE_FIELDS, "page");
  if (b.action === "list" && b.response.items === undefined) problem(["response", "items"], "a list needs the pointer of the array its results go in");
  if (b.pendingAbove !== undefined && !(b.resource === "payments" && b.action === "create")) problem(["pendingAbove"], "only payments create holds payments");
  if (problems.length) throw new InvalidBinding(problems);
  const [units, cents] = (b.pendingAbove ?? "0.00").split(".");
  return {
    resource: b.resource,
    action: b.action,
    request,
    response: {
      status: b.response.status ?? DEFAULT_STATUS[b.action],
      ...(b.response.items !== undefined ? { items: pointerTokens(b.response.items) } : {}),
      fields,
      page,
      ...(b.response.location ? { location: b.response.location } : {}),
    },
    pendingAboveMinor: b.pendingAbove === undefined ? null : Number(units) * 100 + Number(cents),
    pageSize: b.pageSize ?? 50,
  };
}
