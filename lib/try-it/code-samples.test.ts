import { readFileSync } from "node:fs";
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { ACCESS_TOKEN_PLACEHOLDER, CLIENT_SECRET_PLACEHOLDER, operationSamples, SAMPLE_LANGUAGES, sampleOperations, tokenSamples, type SampleValues } from "./code-samples";

async function bundled(file: string) {
  const source = parseYaml(readFileSync(path.join(process.cwd(), "openapi", file), "utf8")) as Record<string, unknown>;
  return (await SwaggerParser.dereference(source as never)) as unknown as Record<string, unknown>;
}

const values: SampleValues = {
  baseUrl: "https://gateway.bank.example/sandbox/payments/1.2.0",
  tokenUrl: "https://gateway.bank.example/oauth2/token",
  clientId: "pcl_demo123",
  accounts: [{ accountId: "acc_Mine42", iban: "GB33BUKB20201555555555" }],
};

describe("code samples", () => {
  it("gives the token step in every language with the real token URL and client id, and no secret unless one is passed", async () => {
    const samples = await tokenSamples(values);
    expect(Object.keys(samples)).toEqual(SAMPLE_LANGUAGES.map((l) => l.id));
    for (const code of Object.values(samples)) {
      expect(code).toContain("https://gateway.bank.example/oauth2/token");
      expect(code).toContain("pcl_demo123");
      expect(code).toContain(CLIENT_SECRET_PLACEHOLDER);
      expect(code).toContain("client_credentials");
    }
    expect(samples.python).toContain("requests.post");
    expect(samples.java).toContain("HttpRequest");
    expect(samples.csharp).toContain("HttpClient");
    expect((await tokenSamples({ ...values, clientSecret: "pcs_shownOnce" })).curl).toContain("client_secret=pcs_shownOnce");
  });

  it("fills the developer's account into the query and the body where the spec marks an account", async () => {
    const operations = sampleOperations(await bundled("payments.yaml"));
    const list = operations.find((o) => o.operationId === "listPayments")!;
    const listed = await operationSamples(list, values);
    expect(listed.curl).toContain("https://gateway.bank.example/sandbox/payments/1.2.0/payments?accountId=acc_Mine42");
    expect(listed.curl).toContain(`Bearer ${ACCESS_TOKEN_PLACEHOLDER}`);
    expect(listed.javascript).toContain("fetch(");
    expect(listed.python).toContain("acc_Mine42");

    const create = operations.find((o) => o.operationId === "createDomesticPayment")!;
    const created = await operationSamples(create, values);
    for (const language of SAMPLE_LANGUAGES) {
      expect(created[language.id], language.id).toContain("acc_Mine42");
      expect(created[language.id].toLowerCase(), language.id).toContain("idempotency-key");
    }
    expect(created.curl).toContain("--request POST");
    // The spec's own example account is gone.
    expect(JSON.stringify(created)).not.toMatch(/"debtorAccountId":\s*"acc_(?!Mine42)/);
  });

  it("leaves a path template alone where there is no value to put in it", async () => {
    const operations = sampleOperations(await bundled("payments.yaml"));
    const get = operations.find((o) => o.operationId === "getPayment")!;
    const samples = await operationSamples(get, { ...values, accounts: [] });
    expect(samples.curl).toMatch(/\/payments\/(pmt_\w+|%7BpaymentId%7D|\{paymentId\})/);
  });
});
