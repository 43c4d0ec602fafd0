import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { validateSpec } from "@/lib/catalog/validate-spec";
import { listOperations } from "./list-operations";
import { decodeSandboxBinding, InvalidBinding } from "./sandbox-binding";
import type { OpenApiDocument } from "./stored-document";

const bundled = (file: string) => parseYaml(readFileSync(path.join(process.cwd(), "openapi", file), "utf8")) as OpenApiDocument;
const problemsOf = (binding: unknown) => {
  try {
    decodeSandboxBinding({ "x-portico-sandbox": binding });
  } catch (error) {
    if (error instanceof InvalidBinding) return error.problems;
    throw error;
  }
  return [];
};

describe("x-portico-sandbox bindings", () => {
  it("decode for every bound operation of the bundled specs; every operation of every bundled spec is bound", () => {
    const bound: string[] = [];
    for (const file of readdirSync(path.join(process.cwd(), "openapi")).filter((f) => f.endsWith(".yaml")).sort()) {
      for (const op of listOperations(bundled(file))) {
        const binding = decodeSandboxBinding(op.operation);
        if (binding) bound.push(`${file} ${op.operationId} ${binding.resource} ${binding.action}`);
      }
    }
    expect(bound.sort()).toEqual([
      "accounts-v1.yaml listAccounts accounts list",
      "accounts-v1.yaml getAccount accounts get",
      "accounts-v1.yaml listTransactions transactions list",
      "accounts-v2.yaml listAccounts accounts list",
      "accounts-v2.yaml getAccount accounts get",
      "accounts-v2.yaml getAccountBalances balances get",
      "accounts-v2.yaml listTransactions transactions list",
      "accounts-v2.yaml getTransaction transactions get",
      "payments.yaml listPayments payments list",
      "payments.yaml createDomesticPayment payments create",
      "payments.yaml getPayment payments get",
      "payments.yaml cancelPayment payments cancel",
      "cards.yaml listCards cards list",
      "cards.yaml getCard cards get",
      "cards.yaml freezeCard cards freeze",
      "cards.yaml unfreezeCard cards unfreeze",
      "cards.yaml updateCardLimits cards update-limits",
      "credit-decisioning.yaml createCreditCheck creditChecks create",
      "credit-decisioning.yaml getCreditCheck creditChecks get",
      "fx-rates.yaml listRates rates list",
      "fx-rates.yaml getRate rates get",
      "fx-rates.yaml createFxQuote quotes create",
      "fx-rates.yaml getFxQuote quotes get",
      "onboarding.yaml createApplication applications create",
      "onboarding.yaml getApplication applications get",
      "onboarding.yaml uploadIdentityDocument documents create",
      "onboarding.yaml submitApplication applications submit",
    ].sort());
  });

  it("decodes into one typed binding: inputs by location, pointer tokens, value maps, constants and the spec's pending rule", () => {
    const binding = decodeSandboxBinding({
      "x-portico-sandbox": {
        resource: "payments",
        action: "create",
        pendingAbove: "10000.00",
        request: {
          debtorAccountId: "/body/Data/Initiation/DebtorAccount/Identification",
          amount: "/body/Data/Initiation/InstructedAmount/Amount",
          currency: "/body/Data/Initiation/InstructedAmount/Currency",
          creditorName: "/body/Data/Initiation/CreditorAccount/Name",
          creditorIban: "/body/Data/Initiation/CreditorAccount/Identification",
          reference: { pointer: "/body/Data/Initiation/RemittanceInformation/Reference" },
          idempotencyKey: "/header/x-idempotency-key",
        },
        response: { fields: { "/Data/DomesticPaymentId": "paymentId", "/Data/Status": { field: "status", values: { completed: "AcceptedSettlementCompleted" } }, "/Links/Self": { const: "x" }, "/a~1b": "amount" } },
      },
    });
    expect(binding).toMatchObject({
      resource: "payments",
      action: "create",
      pendingAboveMinor: 1_000_000,
      pageSize: 50,
      request: {
        debtorAccountId: { in: "body", path: ["Data", "Initiation", "DebtorAccount", "Identification"] },
        idempotencyKey: { in: "header", name: "x-idempotency-key", path: ["x-idempotency-key"] },
      },
      response: {
        status: 201,
        fields: [
          { pointer: ["Data", "DomesticPaymentId"], source: { field: "paymentId" } },
          { pointer: ["Data", "Status"], source: { field: "status", values: { completed: "AcceptedSettlementCompleted" } } },
          { pointer: ["Links", "Self"], source: { const: "x" } },
          { pointer: ["a/b"], source: { field: "amount" } },
        ],
      },
    });
    expect(decodeSandboxBinding({ operationId: "unbound" })).toBeUndefined();
  });

  it("names every problem of a broken binding", () => {
    expect(problemsOf({ resource: "loans", action: "get", response: { fields: {} } })[0]).toMatch(/^resource: /);
    expect(problemsOf({ resource: "balances", action: "list", response: { fields: {} } })).toEqual(["action: balances has no action list; use get"]);
    expect(problemsOf({ resource: "cards", action: "cancel", response: { fields: {} } })).toEqual(["action: cards has no action cancel; use list or get or freeze or unfreeze or update-limits"]);
    expect(problemsOf({ resource: "cards", action: "update-limits", request: { cardId: "/path/cardId" }, response: { fields: { "/x": "balance" } } })).toEqual([
      "request.dailyPurchase: cards update-limits needs it",
      "request.dailyCashWithdrawal: cards update-limits needs it",
      "request.currency: cards update-limits needs it",
      "response.fields./x: balance is not a field of cards; use one of cardId, accountId, cardholderName, panLastFour, scheme, status, expiryMonth, expiryYear, dailyPurchase, dailyCashWithdrawal, currency",
    ]);
    expect(problemsOf({ resource: "quotes", action: "get", request: { quoteId: "/path/quoteId" }, response: { fields: {}, page: { "/when": "asOf", "/x": "colour" } } })).toEqual([
      "response.page./x: colour is not a field of a page; use one of nextCursor, nextPage, baseCurrency, asOf",
    ]);
    expect(problemsOf({ resource: "accounts", action: "list", request: { accountId: "/path/accountId", type: "query/type" }, response: { items: "/data", fields: { "/x": "colour", "/y": "name" }, extra: 1 } })).toEqual([
      "request.type: must be a JSON pointer (RFC 6901)",
      'response: Unrecognized key: "extra"',
    ]);
    expect(problemsOf({ resource: "accounts", action: "list", request: { accountId: "/path/accountId", type: "/cookie/type" }, response: { fields: { "/x": "colour" } } })).toEqual([
      "request.accountId: accounts list takes type",
      "request.type: the pointer must start with /path, /query, /header or /body",
      "response.fields./x: colour is not a field of accounts; use one of accountId, name, type, iban, sortCode, accountNumber, currency, openedOn, balance, balanceNumber",
      "response.items: a list needs the pointer of the array its results go in",
    ]);
    expect(problemsOf({ resource: "transactions", action: "get", request: { accountId: "/path/a/b" }, response: { fields: {} }, pendingAbove: "1.00" })).toEqual([
      "request.accountId: a path pointer names one parameter, e.g. /path/accountId",
      "request.accountId: transactions get needs it",
      "request.transactionId: transactions get needs it",
      "pendingAbove: only payments create holds payments",
    ]);
  });

  it("are checked at publishing: a broken binding is refused with its pointer", async () => {
    const spec = bundled("accounts-v2.yaml");
    const paths = spec.paths as Record<string, Record<string, Record<string, unknown>>>;
    paths["/accounts/{accountId}"]!.get!["x-portico-sandbox"] = { resource: "accounts", action: "get", response: { fields: { "/accountId": "accountNumberr" } } };
    const error = await validateSpec({ document: spec }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "validation_failed",
      violations: [
        { pointer: "/paths/~1accounts~1{accountId}/get/x-portico-sandbox", message: "request.accountId: accounts get needs it" },
        { pointer: "/paths/~1accounts~1{accountId}/get/x-portico-sandbox", message: expect.stringMatching(/^response\.fields\.\/accountId: accountNumberr is not a field of accounts/) },
      ],
    });
  });
});
