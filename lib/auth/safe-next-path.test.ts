import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-next-path";

const origin = "http://portal.test";
// What the sign-in page reads: URLSearchParams decodes %5C, %09, %0A first.
const fromQuery = (query: string) => new URLSearchParams(query).get("next");

describe("the page to go to after sign-in", () => {
  it("keeps a same-origin deep link, with its query and fragment", () => {
    expect(safeNextPath({ unverifiedNext: fromQuery("next=%2Fapis%2Faccounts%2F2.1.0%2Fdocs%3Ftab%3D1%23%2Foperations%2FlistAccounts"), origin })).toBe(
      "/apis/accounts/2.1.0/docs?tab=1#/operations/listAccounts",
    );
    expect(safeNextPath({ unverifiedNext: "/apps", origin })).toBe("/apps");
  });

  it.each([
    ["a backslash after the slash", "next=/%5Cevil.example"],
    ["a tab between the slashes", "next=/%09/evil.example"],
    ["a newline between the slashes", "next=/%0A/evil.example"],
    ["a carriage return between the slashes", "next=/%0D/evil.example"],
    ["a protocol-relative URL", "next=//evil.example"],
    ["an absolute URL", "next=https://evil.example"],
    ["a raw backslash", "next=/\\evil.example"],
    ["two raw backslashes", "next=/\\\\evil.example"],
    ["a backslash further on", "next=/apps\\..\\..\\evil"],
    ["a javascript: URL", "next=javascript:alert(1)"],
    ["a relative path", "next=apps"],
    ["nothing", ""],
    ["an empty value", "next="],
  ])("falls back to the dashboard for %s", (_, query) => {
    expect(safeNextPath({ unverifiedNext: fromQuery(query), origin })).toBe("/dashboard");
  });

  it("refuses a value that only becomes dangerous after one more decoding", () => {
    expect(safeNextPath({ unverifiedNext: "/%5Cevil.example", origin })).toBe("/dashboard");
    expect(safeNextPath({ unverifiedNext: "/%2F%2Fevil.example", origin })).toBe("/dashboard");
    expect(safeNextPath({ unverifiedNext: "/%E0%A4%A", origin })).toBe("/dashboard");
  });

  it("takes another fallback when asked", () => {
    expect(safeNextPath({ unverifiedNext: "//evil.example", origin, fallback: "/apis" })).toBe("/apis");
  });
});
