// Foreign exchange in an organisation's sandbox: indicative rates (each
// currency's mid against the pound, with the bank's margin either side) and
// firm quotes that hold a rate until they expire.
// Every cross rate comes from two rates against GBP: mid(A→B) = mid(GBP→B) /
// mid(GBP→A), with the two margins added. A quote sells at the bank's bid as
// shown (four places): buyAmount = sellAmount × bid, rounded down to the cent.
// Time: a quote's expiry is stored (expiresAt) and judged against the `now`
// the caller passes in, so a sandbox clock can drive it.
// Security-critical: rates are the organisation's own; a quote is found only
// within the organisation and only if its source account passes
// `mayUseAccount` (the app's grant, from lib/sandbox).
import type { DbOrTx, Tx } from "@/lib/db";
import { newPublicId } from "./public-id";

/** How long a quote holds its rate (the bundled FX spec: 30 seconds). */
export const QUOTE_VALID_MS = 30_000;
/** The largest amount a column holds (PostgreSQL integer), in minor units. */
const MAX_MINOR = 2_147_483_647;
const MICROS = 1_000_000;

/** Every organisation's seed: units of each currency per one pound, and the bank's margin in basis points. */
export const SEED_FX_RATES: { currency: string; mid: number; spreadBps: number }[] = [
  { currency: "EUR", mid: 1.168, spreadBps: 33 },
  { currency: "USD", mid: 1.2652, spreadBps: 32 },
  { currency: "CHF", mid: 1.1124, spreadBps: 40 },
  { currency: "JPY", mid: 190.55, spreadBps: 45 },
  { currency: "CAD", mid: 1.7351, spreadBps: 45 },
  { currency: "AUD", mid: 1.9418, spreadBps: 50 },
  { currency: "NZD", mid: 2.1236, spreadBps: 60 },
  { currency: "SEK", mid: 13.6215, spreadBps: 60 },
  { currency: "NOK", mid: 13.8852, spreadBps: 60 },
  { currency: "DKK", mid: 8.7118, spreadBps: 50 },
  { currency: "PLN", mid: 5.0734, spreadBps: 70 },
  { currency: "INR", mid: 106.842, spreadBps: 90 },
];

export async function createSandboxFxRates(options: { tx: Tx; organisationId: string }) {
  await options.tx.sandboxFxRate.createMany({
    data: SEED_FX_RATES.map((r) => ({ organisationId: options.organisationId, currency: r.currency, midMicros: Math.round(r.mid * MICROS), spreadBps: r.spreadBps })),
  });
  return SEED_FX_RATES.length;
}

/** One direction of exchange: units of quoteCurrency per unit of baseCurrency, in millionths. */
export type FxRate = { baseCurrency: string; quoteCurrency: string; bidMicros: number; askMicros: number; midMicros: number };

type PoundRate = { midMicros: number; spreadBps: number };

async function poundRates(db: DbOrTx, organisationId: string): Promise<Map<string, PoundRate>> {
  const rows = await db.sandboxFxRate.findMany({ where: { organisationId }, orderBy: { currency: "asc" }, select: { currency: true, midMicros: true, spreadBps: true } });
  const rates = new Map<string, PoundRate>(rows.length ? [["GBP", { midMicros: MICROS, spreadBps: 0 }]] : []);
  for (const r of rows) rates.set(r.currency, r);
  return rates;
}

function cross(base: string, quote: string, rates: Map<string, PoundRate>): FxRate | undefined {
  const a = rates.get(base);
  const b = rates.get(quote);
  if (!a || !b || base === quote) return undefined;
  const mid = b.midMicros / a.midMicros;
  const spread = (a.spreadBps + b.spreadBps) / 10_000;
  return { baseCurrency: base, quoteCurrency: quote, midMicros: Math.round(mid * MICROS), bidMicros: Math.round(mid * (1 - spread) * MICROS), askMicros: Math.round(mid * (1 + spread) * MICROS) };
}

/** The organisation's rates from `baseCurrency` to every other currency it quotes, by currency; none for a currency it does not quote. */
export async function listFxRates(options: { db: DbOrTx; organisationId: string; baseCurrency: string }): Promise<FxRate[]> {
  const rates = await poundRates(options.db, options.organisationId);
  return [...rates.keys()].sort().flatMap((quote) => cross(options.baseCurrency, quote, rates) ?? []);
}

/** One rate by its pair ("GBPEUR"); undefined when either currency is not quoted. */
export async function findFxRate(options: { db: DbOrTx; organisationId: string; currencyPair: string }): Promise<FxRate | undefined> {
  if (!/^[A-Z]{6}$/.test(options.currencyPair)) return undefined;
  return cross(options.currencyPair.slice(0, 3), options.currencyPair.slice(3), await poundRates(options.db, options.organisationId));
}

export type FxQuote = {
  quoteId: string;
  sourceAccountId: string;
  sellCurrency: string;
  buyCurrency: string;
  sellAmountMinor: number;
  buyAmountMinor: number;
  rateMicros: number;
  expiresAt: Date;
  createdAt: Date;
  /** Judged against the caller's `now`: an expired quote no longer holds its rate. */
  status: "open" | "expired";
};

const SELECT = {
  quoteId: true,
  sellCurrency: true,
  buyCurrency: true,
  sellAmountMinor: true,
  buyAmountMinor: true,
  rateMicros: true,
  expiresAt: true,
  createdAt: true,
  sourceAccount: { select: { accountId: true } },
} as const;
type Row = Omit<FxQuote, "sourceAccountId" | "status"> & { sourceAccount: { accountId: string } };
const toQuote = ({ sourceAccount, ...row }: Row, now: Date): FxQuote => ({ ...row, sourceAccountId: sourceAccount.accountId, status: row.expiresAt.getTime() > now.getTime() ? "open" : "expired" });

export type CreateQuoteResult =
  | { outcome: "created"; quote: FxQuote }
  | { outcome: "no_such_account" }
  | { outcome: "currency_mismatch"; accountCurrency: string }
  | { outcome: "not_quoted"; currency: string }
  | { outcome: "too_large" };

/**
 * A firm quote to sell `sellAmountMinor` of the source account's currency
 * for `buyCurrency`, valid for QUOTE_VALID_MS from `now`. The caller has
 * checked the source account against the grant.
 */
export async function createFxQuote(options: {
  db: DbOrTx;
  organisationId: string;
  appId: string;
  sourceAccountId: string;
  sellCurrency: string;
  buyCurrency: string;
  sellAmountMinor: number;
  now?: Date;
}): Promise<CreateQuoteResult> {
  const { db, organisationId } = options;
  const now = options.now ?? new Date();
  const account = await db.sandboxAccount.findFirst({ where: { accountId: options.sourceAccountId, organisationId }, select: { id: true, currency: true } });
  if (!account) return { outcome: "no_such_account" };
  if (account.currency !== options.sellCurrency) return { outcome: "currency_mismatch", accountCurrency: account.currency };
  const rates = await poundRates(db, organisationId);
  for (const currency of [options.sellCurrency, options.buyCurrency]) if (!rates.has(currency)) return { outcome: "not_quoted", currency };
  const rate = cross(options.sellCurrency, options.buyCurrency, rates);
  if (!rate) return { outcome: "not_quoted", currency: options.buyCurrency };
  // The rate the customer sees (the bid to four places) is the rate they get.
  const rateMicros = Math.round(rate.bidMicros / 100) * 100;
  // In BigInt: amount × rate in millionths passes 2^53 for large amounts.
  const buy = (BigInt(options.sellAmountMinor) * BigInt(rateMicros)) / BigInt(MICROS);
  if (options.sellAmountMinor > MAX_MINOR || buy > BigInt(MAX_MINOR)) return { outcome: "too_large" };
  const row = await db.sandboxFxQuote.create({
    data: {
      quoteId: newPublicId("qte"),
      sourceAccountId: account.id,
      appId: options.appId,
      sellCurrency: options.sellCurrency,
      buyCurrency: options.buyCurrency,
      sellAmountMinor: options.sellAmountMinor,
      buyAmountMinor: Number(buy),
      rateMicros,
      expiresAt: new Date(now.getTime() + QUOTE_VALID_MS),
      createdAt: now,
    },
    select: SELECT,
  });
  return { outcome: "created", quote: toQuote(row, now) };
}

/** A quote of the organisation whose source account the caller may use; its status says whether it has expired at `now`. */
export async function findFxQuote(options: { db: DbOrTx; organisationId: string; quoteId: string; mayUseAccount: (accountId: string) => boolean; now?: Date }): Promise<FxQuote | undefined> {
  const row = await options.db.sandboxFxQuote.findFirst({ where: { quoteId: options.quoteId, sourceAccount: { organisationId: options.organisationId } }, select: SELECT });
  if (!row || !options.mayUseAccount(row.sourceAccount.accountId)) return undefined;
  return toQuote(row, options.now ?? new Date());
}
