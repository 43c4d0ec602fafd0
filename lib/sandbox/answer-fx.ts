// FX rates and quotes answered from the organisation's sandbox data
// (lib/sandbox-data/sandbox-fx.ts). A quote's status (open or expired) is
// judged against the sandbox's now.
// Security-critical: the source account was checked against the grant before
// this runs; a quote is found only while its source account is in the grant.
import { formatMinor, formatRate } from "@/lib/sandbox-data/money";
import { createFxQuote, findFxQuote, findFxRate, listFxRates, type FxQuote, type FxRate } from "@/lib/sandbox-data/sandbox-fx";
import type { AnswerKit, Fields } from "./answer-kit";
import type { MockedResponse } from "./mock-response";

function rateFields(r: FxRate, asOf: Date): Fields {
  return {
    currencyPair: `${r.baseCurrency}${r.quoteCurrency}`,
    baseCurrency: r.baseCurrency,
    quoteCurrency: r.quoteCurrency,
    bid: formatRate(r.bidMicros),
    ask: formatRate(r.askMicros),
    mid: formatRate(r.midMicros),
    asOf: asOf.toISOString(),
  };
}

function quoteFields(q: FxQuote): Fields {
  return {
    quoteId: q.quoteId,
    sourceAccountId: q.sourceAccountId,
    sellCurrency: q.sellCurrency,
    buyCurrency: q.buyCurrency,
    sellAmount: formatMinor(q.sellAmountMinor),
    buyAmount: formatMinor(q.buyAmountMinor),
    rate: formatRate(q.rateMicros),
    expiresAt: q.expiresAt.toISOString(),
    status: q.status,
    createdAt: q.createdAt.toISOString(),
  };
}

export async function answerFx(kit: AnswerKit): Promise<MockedResponse> {
  const { db, organisationId, binding, now } = kit;
  switch (`${binding.resource} ${binding.action}`) {
    case "rates list": {
      const baseCurrency = kit.text("baseCurrency") ?? "GBP";
      const rates = await listFxRates({ db, organisationId, baseCurrency });
      return kit.send(kit.many(rates.map((r) => rateFields(r, now)), { baseCurrency, asOf: now.toISOString() }));
    }
    case "rates get": {
      const rate = await findFxRate({ db, organisationId, currencyPair: kit.required("currencyPair") });
      if (!rate) throw kit.notFound("currency pair");
      return kit.send(kit.one(rateFields(rate, now)));
    }
    case "quotes create": {
      const result = await createFxQuote({
        db,
        organisationId,
        appId: kit.grant.appId,
        sourceAccountId: kit.required("sourceAccountId"),
        sellCurrency: kit.required("sellCurrency"),
        buyCurrency: kit.required("buyCurrency"),
        sellAmountMinor: kit.minor("sellAmount"),
        now,
      });
      switch (result.outcome) {
        case "no_such_account":
          throw kit.notFound("account");
        case "currency_mismatch":
          throw kit.invalid("sellCurrency", "currency_mismatch", `The source account holds ${result.accountCurrency}; sell ${result.accountCurrency}`, `must be ${result.accountCurrency}, the source account's currency`);
        case "not_quoted": {
          const input = result.currency === kit.text("sellCurrency") ? "sellCurrency" : "buyCurrency";
          throw kit.invalid(input, "currency_not_quoted", `The bank quotes no rate for ${result.currency} against the other currency`, "must be another currency the bank quotes (see the rates)");
        }
        case "too_large":
          throw kit.invalid("sellAmount", "amount_too_large", "The amount is larger than the sandbox converts", "must be smaller");
      }
      const fields = quoteFields(result.quote);
      return kit.send(kit.one(fields), kit.location(fields));
    }
    case "quotes get": {
      const quote = await findFxQuote({ db, organisationId, quoteId: kit.required("quoteId"), mayUseAccount: kit.mayUseAccount, now });
      if (!quote) throw kit.notFound("quote");
      return kit.send(kit.one(quoteFields(quote)));
    }
  }
  throw new Error(`unbound ${binding.resource} ${binding.action}`);
}
