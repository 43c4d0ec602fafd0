// Cards answered from the organisation's sandbox data (lib/sandbox-data/sandbox-cards.ts):
// list an account's cards, get one, freeze, unfreeze and set daily limits.
// Security-critical: the account input was checked against the grant before
// this runs; a card is found only on an account the grant covers.
import { formatMinor, parseMinor } from "@/lib/sandbox-data/money";
import { findSandboxCard, listSandboxCards, setSandboxCardFrozen, updateSandboxCardLimits, type SandboxCard } from "@/lib/sandbox-data/sandbox-cards";
import { announceCardTo } from "./announce-card";
import type { AnswerKit, Fields } from "./answer-kit";
import { SandboxProblem } from "./errors";
import type { MockedResponse } from "./mock-response";

export function cardFields(c: SandboxCard): Fields {
  return {
    cardId: c.cardId,
    accountId: c.accountId,
    cardholderName: c.cardholderName,
    panLastFour: c.panLastFour,
    scheme: c.scheme,
    status: c.status,
    expiryMonth: c.expiryMonth,
    expiryYear: c.expiryYear,
    dailyPurchase: formatMinor(c.dailyPurchaseMinor),
    dailyCashWithdrawal: formatMinor(c.dailyCashWithdrawalMinor),
    currency: c.currency,
  };
}

/** The largest limit a column holds (PostgreSQL integer). */
const MAX_LIMIT_MINOR = 2_147_483_647;

const notUsable = (status: string) => new SandboxProblem("validation_failed", "card_not_usable", `The card is ${status}; it can no longer be changed`);

export async function answerCards(kit: AnswerKit): Promise<MockedResponse> {
  const { db, organisationId, mayUseAccount, binding } = kit;
  const cardId = () => kit.required("cardId");
  switch (binding.action) {
    case "list": {
      const cards = await listSandboxCards({ db, organisationId, accountId: kit.required("accountId") });
      if (!cards) throw kit.notFound("account");
      return kit.send(kit.many(cards.map(cardFields)));
    }
    case "get": {
      const card = await findSandboxCard({ db, organisationId, cardId: cardId(), mayUseAccount });
      if (!card) throw kit.notFound("card");
      return kit.send(kit.one(cardFields(card)));
    }
    case "freeze":
    case "unfreeze": {
      const result = await setSandboxCardFrozen({
        db,
        organisationId,
        cardId: cardId(),
        mayUseAccount,
        frozen: binding.action === "freeze",
        reason: kit.text("reason"),
        announce: announceCardTo({ organisationId, appId: kit.grant.appId }),
      });
      if (result.outcome === "no_such_card") throw kit.notFound("card");
      if (result.outcome === "not_usable") throw notUsable(result.status);
      return kit.send(kit.one(cardFields(result.card)));
    }
    case "update-limits": {
      const limit = (name: string) => {
        const minor = parseMinor(kit.required(name));
        if (minor === undefined || minor > MAX_LIMIT_MINOR) throw kit.invalid(name, "invalid_request", "The request body does not match the API's spec", "must be an amount with two decimal places");
        return minor;
      };
      const result = await updateSandboxCardLimits({
        db,
        organisationId,
        cardId: cardId(),
        mayUseAccount,
        dailyPurchaseMinor: limit("dailyPurchase"),
        dailyCashWithdrawalMinor: limit("dailyCashWithdrawal"),
        currency: kit.required("currency"),
      });
      if (result.outcome === "no_such_card") throw kit.notFound("card");
      if (result.outcome === "not_usable") throw notUsable(result.status);
      if (result.outcome === "currency_mismatch") {
        throw kit.invalid("currency", "currency_mismatch", `The card's account holds ${result.accountCurrency}; set limits in ${result.accountCurrency}`, `must be ${result.accountCurrency}, the card's currency`);
      }
      return kit.send(kit.one(cardFields(result.card)));
    }
  }
  throw new Error(`unbound cards ${binding.action}`);
}
