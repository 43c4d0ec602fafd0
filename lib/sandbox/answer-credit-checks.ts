// Credit checks answered from the organisation's sandbox data
// (lib/sandbox-data/sandbox-credit-checks.ts): each request gets the
// documented deterministic decision.
// Security-critical: the salary account was checked against the grant before
// this runs; a check is found only for the app that ran it.
import { formatMinor } from "@/lib/sandbox-data/money";
import { createCreditCheck, findCreditCheck, type SandboxCreditCheck } from "@/lib/sandbox-data/sandbox-credit-checks";
import type { AnswerKit, Fields } from "./answer-kit";
import type { MockedResponse } from "./mock-response";

function checkFields(c: SandboxCreditCheck): Fields {
  return {
    checkId: c.checkId,
    decision: c.decision,
    product: c.product,
    indicativeApr: c.indicativeApr,
    maximumAmount: c.maximumMinor === undefined ? undefined : formatMinor(c.maximumMinor),
    maximumCurrency: c.maximumMinor === undefined ? undefined : c.currency,
    reasons: c.reasons,
    requestedAmount: formatMinor(c.requestedMinor),
    currency: c.currency,
    termMonths: c.termMonths,
    expiresAt: c.expiresAt.toISOString(),
    createdAt: c.createdAt.toISOString(),
  };
}

export async function answerCreditChecks(kit: AnswerKit): Promise<MockedResponse> {
  const { db, organisationId, binding } = kit;
  switch (binding.action) {
    case "create": {
      const termMonths = Number(kit.required("termMonths"));
      if (!Number.isInteger(termMonths) || termMonths < 1 || termMonths > 600) {
        throw kit.invalid("termMonths", "invalid_request", "The request body does not match the API's spec", "must be a whole number of months");
      }
      const result = await createCreditCheck({
        db,
        organisationId,
        appId: kit.grant.appId,
        product: kit.required("product"),
        requestedMinor: kit.minor("requestedAmount"),
        requestedCurrency: kit.required("requestedCurrency"),
        termMonths,
        incomeMinor: kit.minor("annualGrossIncome"),
        incomeCurrency: kit.required("incomeCurrency"),
        salaryAccountId: kit.text("salaryAccountId"),
        consentReference: kit.required("consentReference"),
        now: kit.now,
      });
      switch (result.outcome) {
        case "no_such_account":
          throw kit.notFound("account");
        case "currency_mismatch":
          throw kit.invalid("incomeCurrency", "currency_mismatch", "State the income in the currency of the amount asked for", "must be the requested amount's currency");
        case "too_large":
          throw kit.invalid("requestedAmount", "amount_too_large", "The amounts are larger than the sandbox decides on", "must be smaller");
      }
      const fields = checkFields(result.check);
      return kit.send(kit.one(fields), kit.location(fields));
    }
    case "get": {
      const check = await findCreditCheck({ db, organisationId, appId: kit.grant.appId, checkId: kit.required("checkId"), mayUseAccount: kit.mayUseAccount });
      if (!check) throw kit.notFound("credit check");
      return kit.send(kit.one(checkFields(check)));
    }
  }
  throw new Error(`unbound creditChecks ${binding.action}`);
}
