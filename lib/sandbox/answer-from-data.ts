// A bound operation's answer from the organisation's sandbox data: the
// binding (./sandbox-binding.ts) says where the request carries each input
// and where each sandbox field goes in the response; this file reads the
// inputs, calls the one lib/sandbox-data function for the resource and
// action, and lays the results out.
// Security-critical: every input that names an account (accountId,
// debtorAccountId) is checked against the app's grant here, whether or not
// the spec marks it with x-portico-account; lists hold only granted
// accounts; and lib/sandbox-data scopes every query to the app's
// organisation, so another organisation's identifiers find nothing.
import type { DbOrTx } from "@/lib/db";
import type { SandboxAccountType, SandboxPaymentStatus } from "@/lib/db";
import { normaliseAccountRef, type AppGrant } from "@/lib/access/load-app-grant";
import { formatMinor, parseMinor } from "@/lib/sandbox-data/money";
import {
  findBankAccount,
  findBankBalances,
  findBankTransaction,
  listBankAccounts,
  listBankTransactions,
  type SandboxAccountView,
  type SandboxTransactionView,
  type TransactionCursor,
} from "@/lib/sandbox-data/read-sandbox-bank";
import { sandboxNow } from "@/lib/sandbox-data/sandbox-clock";
import { cancelSandboxPayment, createSandboxPayment, findSandboxPayment, listSandboxPayments, type SandboxPayment } from "@/lib/sandbox-data/sandbox-payments";
import { announcePaymentTo } from "./announce-payment";
import { checkConsentCovers, checkPaymentMatchesConsent } from "./check-consent";
import { SandboxProblem, type SandboxReason } from "./errors";
import { MAGIC_AMOUNTS, type Scenario } from "./scenarios";
import type { MockedResponse } from "./mock-response";
import { ACCOUNT_INPUTS, type FieldMapping, type RequestSource, type SandboxBinding } from "@/lib/openapi/sandbox-binding";
import type { AnswerKit, Fields, Request } from "./answer-kit";
import { answerCards } from "./answer-cards";
import { answerCreditChecks } from "./answer-credit-checks";
import { answerFx } from "./answer-fx";
import { answerOnboarding } from "./answer-onboarding";
const ACCOUNT_TYPES = new Set<string>(["current", "savings", "business"]);
const PAYMENT_STATUSES = new Set<string>(["pending", "completed", "rejected", "cancelled"]);

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const indicator = (minor: number) => (minor < 0 ? "debit" : "credit");

function accountFields(a: SandboxAccountView): Fields {
  return {
    accountId: a.accountId,
    name: a.name,
    type: a.type,
    iban: a.iban,
    sortCode: a.sortCode,
    accountNumber: a.accountNumber,
    currency: a.currency,
    openedOn: isoDate(a.createdAt),
    balance: formatMinor(a.balanceMinor),
    balanceNumber: a.balanceMinor / 100,
  };
}

function transactionFields(t: SandboxTransactionView): Fields {
  return {
    transactionId: t.transactionId,
    accountId: t.accountId,
    bookingDate: isoDate(t.bookedAt),
    bookingDateTime: t.bookedAt.toISOString(),
    amount: formatMinor(t.amountMinor),
    amountAbs: formatMinor(Math.abs(t.amountMinor)),
    amountNumber: t.amountMinor / 100,
    currency: t.currency,
    creditDebitIndicator: indicator(t.amountMinor),
    description: t.description,
    counterparty: t.counterparty,
    status: t.status,
  };
}

function paymentFields(p: SandboxPayment): Fields {
  return {
    paymentId: p.paymentId,
    status: p.status,
    debtorAccountId: p.debtorAccountId,
    creditorName: p.creditorName,
    creditorIban: p.creditorIban,
    amount: formatMinor(p.amountMinor),
    amountNumber: p.amountMinor / 100,
    currency: p.currency,
    reference: p.reference,
    endToEndId: p.endToEndId ?? undefined,
    requestedExecutionDate: p.requestedExecutionDate ?? undefined,
    createdAt: p.createdAt.toISOString(),
  };
}

/** Writes `value` at the pointer, making objects (or arrays, for index tokens) on the way. */
function setAt(root: Record<string, unknown> | unknown[], tokens: string[], value: unknown) {
  let node: Record<string, unknown> | unknown[] = root;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const key = Array.isArray(node) ? Number(token) : token;
    if (Array.isArray(node) && !/^(0|[1-9][0-9]{0,3})$/.test(token)) return;
    const container = node as Record<string | number, unknown>;
    if (i === tokens.length - 1) {
      container[key] = value;
      return;
    }
    let next = container[key];
    if (!next || typeof next !== "object") container[key] = next = /^[0-9]+$/.test(tokens[i + 1]!) ? [] : {};
    node = next as Record<string, unknown> | unknown[];
  }
}

function layOut(mappings: FieldMapping[], fields: Fields, into: Record<string, unknown> = {}) {
  for (const { pointer, source } of mappings) {
    if ("const" in source) {
      setAt(into, pointer, source.const);
      continue;
    }
    const value = fields[source.field];
    if (value === undefined) continue; // absent, never null: the specs' optional fields are not nullable
    setAt(into, pointer, source.values && typeof value === "string" ? (source.values[value] ?? value) : value);
  }
  return into;
}

/** The value of one input as the request carries it; the spec's value renamed to the sandbox's when the binding says so. */
function inputValue(source: RequestSource, request: Request): unknown {
  let value: unknown;
  if (source.in === "path") value = request.params[source.name];
  else if (source.in === "query") value = request.query[source.name];
  else if (source.in === "header") value = request.headers[source.name];
  else {
    value = request.body;
    for (const token of source.path) value = value && typeof value === "object" && !Array.isArray(value) && Object.hasOwn(value, token) ? (value as Record<string, unknown>)[token] : undefined;
  }
  if (Array.isArray(value) && source.in !== "body") value = value[0];
  return typeof value === "string" && source.values ? (source.values[value] ?? value) : value;
}

const pointerOf = (source: RequestSource) => `/${source.in}/${source.path.map((t) => t.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;

const notFound = (what: string) => new SandboxProblem("not_found", "not_found", `No ${what} with this identifier among the app's sandbox data`);

function encodeCursor(c: TransactionCursor) {
  return Buffer.from(JSON.stringify([c.bookedAt.getTime(), c.id])).toString("base64url");
}
function decodeCursor(text: string, pointer: string): TransactionCursor {
  try {
    const [ms, id] = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown[];
    if (typeof ms === "number" && Number.isFinite(ms) && typeof id === "string" && id.length <= 64) return { bookedAt: new Date(ms), id };
  } catch {
    // fall through to the refusal
  }
  throw new SandboxProblem("bad_request", "invalid_cursor", "The cursor is not one this API gave out", { violations: [{ pointer, message: "use the nextCursor of the previous page" }] });
}

export async function answerFromData(options: {
  /** The client, or a composite request's transaction (every read and write joins it). */
  db: DbOrTx;
  binding: SandboxBinding;
  grant: AppGrant;
  request: Request;
  /** A payment scenario asked for with Prefer (./scenarios.ts); the caller has checked it applies to this operation. */
  scenario?: Scenario;
  now?: Date;
}): Promise<MockedResponse> {
  const { db, binding, grant, request } = options;
  const organisationId = grant.organisationId;
  // Sandbox data is dated by the organisation's sandbox clock; read only by the operations that date something.
  const now = () => (options.now ? Promise.resolve(options.now) : sandboxNow(db, organisationId));
  const mayUseAccount = (accountId: string) => grant.accounts.has(normaliseAccountRef("id", accountId));
  const announce = announcePaymentTo({ organisationId, appId: grant.appId });

  // Every input, read once; the account inputs checked against the grant before anything is read or written.
  const inputs: Record<string, unknown> = {};
  for (const [name, source] of Object.entries(binding.request)) {
    const value = inputValue(source, request);
    if (value === undefined || value === null || value === "") continue;
    if (ACCOUNT_INPUTS.includes(name) && (typeof value !== "string" || !mayUseAccount(value))) {
      throw new SandboxProblem("forbidden", "account_not_granted", "The request names an account outside the app's approved accounts", {
        violations: [{ pointer: pointerOf(source), message: `account ${String(value)} is not among the accounts approved for the app` }],
      });
    }
    inputs[name] = value;
  }
  const text = (name: string) => (typeof inputs[name] === "string" ? (inputs[name] as string) : inputs[name] === undefined ? undefined : String(inputs[name]));
  const required = (name: string) => {
    const value = text(name);
    if (value === undefined) {
      const source = binding.request[name]!;
      throw new SandboxProblem("validation_failed", "invalid_request", "The request does not match the API's spec", { violations: [{ pointer: pointerOf(source), message: `${name} is required` }] });
    }
    return value;
  };
  const positive = (name: string) => {
    const n = Number(text(name));
    return Number.isInteger(n) && n > 0 ? Math.min(n, 500) : undefined;
  };

  const { response } = binding;
  const many = (results: Fields[], page: Fields = {}) => {
    const items = results.map((f) => layOut(response.fields, f));
    if (!response.items?.length) return response.items ? items : (items[0] ?? {});
    const root = layOut(response.page, page);
    setAt(root, response.items, items);
    return root;
  };
  const one = (fields: Fields) => (response.items ? many([fields]) : layOut(response.fields, fields));
  const send = (body: unknown, headers: Record<string, string> = {}): MockedResponse => ({
    status: response.status,
    headers: { "content-type": "application/json", ...headers },
    body: Buffer.from(JSON.stringify(body)),
  });

  // A customer's RFC 9396 consent narrows what the token may call (./check-consent.ts).
  checkConsentCovers(grant.consent, `${binding.resource} ${binding.action}`);
  switch (`${binding.resource} ${binding.action}`) {
    case "accounts list": {
      const type = text("type");
      if (type !== undefined && !ACCOUNT_TYPES.has(type)) return send(many([]));
      const accounts = await listBankAccounts({ db, organisationId, mayUseAccount, type: type as SandboxAccountType | undefined });
      return send(many(accounts.map(accountFields)));
    }
    case "accounts get": {
      const account = await findBankAccount({ db, organisationId, accountId: required("accountId") });
      if (!account) throw notFound("account");
      return send(one(accountFields(account)));
    }
    case "balances get": {
      const found = await findBankBalances({ db, organisationId, accountId: required("accountId") });
      if (!found) throw notFound("account");
      const { account, bookedMinor, availableMinor } = found;
      const common = {
        accountId: account.accountId,
        currency: account.currency,
        asOf: (await now()).toISOString(),
        booked: formatMinor(bookedMinor),
        available: formatMinor(availableMinor),
        bookedNumber: bookedMinor / 100,
        availableNumber: availableMinor / 100,
      };
      const entry = (type: "booked" | "available", minor: number): Fields => ({
        ...common,
        type,
        amount: formatMinor(minor),
        amountAbs: formatMinor(Math.abs(minor)),
        amountNumber: minor / 100,
        creditDebitIndicator: indicator(minor),
      });
      return send(response.items ? many([entry("booked", bookedMinor), entry("available", availableMinor)]) : layOut(response.fields, entry("booked", bookedMinor)));
    }
    case "transactions list": {
      const accountId = required("accountId");
      if (!(await findBankAccount({ db, organisationId, accountId }))) throw notFound("account");
      const take = positive("limit") ?? binding.pageSize;
      const cursor = text("cursor");
      const page = positive("page");
      const { transactions, more } = await listBankTransactions({
        db,
        organisationId,
        accountId,
        fromDate: text("fromDate"),
        toDate: text("toDate"),
        take,
        after: cursor === undefined ? undefined : decodeCursor(cursor, pointerOf(binding.request.cursor!)),
        skip: page ? (page - 1) * take : undefined,
      });
      const last = transactions.at(-1);
      const next: Fields = more && last ? { nextCursor: encodeCursor({ bookedAt: last.bookedAt, id: last.transactionId.slice(4) }), nextPage: (page ?? 1) + 1 } : {};
      return send(many(transactions.map(transactionFields), next));
    }
    case "transactions get": {
      const transaction = await findBankTransaction({ db, organisationId, accountId: required("accountId"), transactionId: required("transactionId") });
      if (!transaction) throw notFound("transaction");
      return send(one(transactionFields(transaction)));
    }
    case "payments list": {
      const status = text("status");
      const payments = await listSandboxPayments({
        db,
        organisationId,
        accountId: required("accountId"),
        status: status !== undefined && PAYMENT_STATUSES.has(status) ? (status as SandboxPaymentStatus) : undefined,
        take: positive("limit") ?? binding.pageSize,
      });
      return send(many(payments.map(paymentFields)));
    }
    case "payments get": {
      const payment = await findSandboxPayment({ db, organisationId, paymentId: required("paymentId"), mayUseAccount });
      if (!payment) throw notFound("payment");
      return send(one(paymentFields(payment)));
    }
    case "payments create":
      return createPayment();
    case "payments cancel": {
      const result = await cancelSandboxPayment({ db, organisationId, paymentId: required("paymentId"), mayUseAccount, announce });
      if (result.outcome === "no_such_payment") throw notFound("payment");
      if (result.outcome === "not_pending") {
        throw new SandboxProblem("validation_failed", "payment_not_pending", `Only pending payments can be cancelled; this one is ${result.status}`);
      }
      return send(one(paymentFields(result.payment)));
    }
  }
  // The other resources, each in its own file, with what they need from here.
  const location = (fields: Fields): Record<string, string> => {
    const url = response.location?.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => encodeURIComponent(String(fields[name] ?? "")));
    return url ? { location: url } : {};
  };
  const kit: AnswerKit = { db, binding, grant, organisationId, now: await now(), mayUseAccount, value: (name) => inputs[name], text, required, invalid, minor, notFound, one, many, send, location };
  switch (binding.resource) {
    case "cards":
      return answerCards(kit);
    case "rates":
    case "quotes":
      return answerFx(kit);
    case "applications":
    case "documents":
      return answerOnboarding(kit);
    case "creditChecks":
      return answerCreditChecks(kit);
  }
  throw new Error(`unbound ${binding.resource} ${binding.action}`);

  /** A 422 naming the input's place in the request. */
  function invalid(name: string, code: SandboxReason, detail: string, message: string) {
    return new SandboxProblem("validation_failed", code, detail, { violations: [{ pointer: pointerOf(binding.request[name]!), message }] });
  }

  /** An amount input (a decimal string, or a number) in minor units; a 422 unless it is greater than 0 with at most two decimal places. */
  function minor(name: string): number {
    const raw = inputs[name];
    const amount = typeof raw === "string" ? parseMinor(raw) : typeof raw === "number" && Number.isFinite(raw) && raw >= 0 ? parseMinor(raw.toFixed(2)) : undefined;
    if (amount === undefined || amount === 0) throw invalid(name, "invalid_request", "The request body does not match the API's spec", "must be an amount greater than 0 with at most two decimal places");
    return amount;
  }

  async function createPayment(): Promise<MockedResponse> {
    const amountSource = binding.request.amount!;
    const rawAmount = inputs.amount;
    const amountMinor =
      typeof rawAmount === "string" ? parseMinor(rawAmount) : typeof rawAmount === "number" && Number.isFinite(rawAmount) && rawAmount >= 0 ? parseMinor(rawAmount.toFixed(2)) : undefined;
    if (amountMinor === undefined || amountMinor === 0) {
      throw new SandboxProblem("validation_failed", "invalid_request", "The request body does not match the API's spec", {
        violations: [{ pointer: pointerOf(amountSource), message: "must be an amount greater than 0 with at most two decimal places" }],
      });
    }
    const insufficientFunds = () =>
      new SandboxProblem("validation_failed", "insufficient_funds", "The debtor account's available balance does not cover the amount", {
        violations: [{ pointer: pointerOf(amountSource), message: "exceeds the available balance of the debtor account" }],
      });
    // A scenario asked for by Prefer, else by a magic amount (./scenarios.ts).
    const scenario = options.scenario ?? MAGIC_AMOUNTS[formatMinor(amountMinor)];
    if (scenario === "insufficient_funds") throw insufficientFunds();
    const asked = {
      debtorAccountId: required("debtorAccountId"),
      amountMinor,
      currency: required("currency"),
      creditorName: required("creditorName"),
      creditorIban: required("creditorIban"),
      reference: required("reference"),
    };
    const consent = grant.consent?.payment ? grant.consent : undefined;
    if (consent) {
      const at = (name: string) => (binding.request[name] ? pointerOf(binding.request[name]) : undefined);
      checkPaymentMatchesConsent(consent, asked, {
        debtorAccountId: at("debtorAccountId"),
        amountMinor: pointerOf(amountSource),
        currency: at("currency"),
        creditorName: at("creditorName"),
        creditorIban: at("creditorIban"),
        reference: at("reference"),
      });
    }
    // The consent is spent in the payment's own transaction, by a conditional update: of two racing payments one
    // finds it spent and throws, which rolls its payment (and debit) back. A repeat by Idempotency-Key is not announced, so spends nothing.
    const announceAndSpend: typeof announce = consent
      ? async (tx, change) => {
          const spent = await tx.authorizationRequest.updateMany({ where: { id: consent.authorizationRequestId, paymentConsentUsedAt: null }, data: { paymentConsentUsedAt: new Date() } });
          if (spent.count !== 1) throw new SandboxProblem("consent_used", "consent_used", "The customer's payment consent has been used: it allows one payment; ask the customer again");
          await announce(tx, change);
        }
      : announce;
    const result = await createSandboxPayment({
      db,
      organisationId,
      appId: grant.appId,
      ...asked,
      endToEndId: text("endToEndId"),
      requestedExecutionDate: text("requestedExecutionDate"),
      idempotencyKey: text("idempotencyKey"),
      pendingAboveMinor: binding.pendingAboveMinor,
      announce: announceAndSpend,
      rejected: scenario === "payment_rejected",
      now: await now(),
    });
    switch (result.outcome) {
      case "no_such_account":
        throw notFound("account");
      case "currency_mismatch":
        throw new SandboxProblem("validation_failed", "currency_mismatch", `The debtor account holds ${result.accountCurrency}; pay in ${result.accountCurrency}`, {
          violations: [{ pointer: pointerOf(binding.request.currency!), message: `must be ${result.accountCurrency}, the debtor account's currency` }],
        });
      case "insufficient_funds":
        throw insufficientFunds();
    }
    const fields = paymentFields(result.payment);
    const location = response.location?.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => encodeURIComponent(String(fields[name] ?? "")));
    return send(one(fields), location ? { location } : {});
  }
}
