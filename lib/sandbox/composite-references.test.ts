import { describe, expect, it } from "vitest";
import { SandboxProblem } from "./errors";
import { substituteInBody, substituteInText, type StepAnswer } from "./composite-references";

const earlier = new Map<string, StepAnswer>([
  ["s1", { status: 201, headers: { location: "/payments/pmt_1" }, body: { paymentId: "pmt_1", amount: { value: "1.00", number: 1 }, data: [{ accountId: "acc/1" }] } }],
]);

function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SandboxProblem);
    const problem = error as SandboxProblem;
    return { status: problem.status, reason: problem.reason, detail: problem.message, violations: problem.violations };
  }
  throw new Error("not refused");
}

describe("composite references", () => {
  it("replace status, headers and dotted body paths in text, encoding path segments", () => {
    expect(substituteInText("/p/{{s1.body.paymentId}}/{{ s1.body.data.0.accountId }}", earlier, "/requests/1/path", encodeURIComponent)).toBe("/p/pmt_1/acc%2F1");
    expect(substituteInText("{{s1.status}} at {{s1.headers.Location}}", earlier, "/x")).toBe("201 at /payments/pmt_1");
    expect(substituteInText("{{s1.body.amount}}", earlier, "/x")).toBe('{"value":"1.00","number":1}');
    expect(substituteInText("no references", earlier, "/x")).toBe("no references");
  });

  it("keep a whole-string body reference's JSON type, and leave the input unchanged", () => {
    const body = { n: "{{s1.body.amount.number}}", o: "{{s1.body.amount}}", list: ["x-{{s1.body.paymentId}}"], keep: 3 };
    expect(substituteInBody(body, earlier, "/requests/1/body")).toEqual({ n: 1, o: { value: "1.00", number: 1 }, list: ["x-pmt_1"], keep: 3 });
    expect(body.n).toBe("{{s1.body.amount.number}}");
  });

  it("refuse (422) a reference to no earlier step, to nothing in its answer, or not of the form, with its pointer", () => {
    expect(refusal(() => substituteInText("/p/{{s2.body.id}}", earlier, "/requests/1/path"))).toEqual({
      status: 422,
      reason: "unknown_reference",
      detail: 'Unknown reference {{s2.body.id}}: names no earlier step "s2"',
      violations: [{ pointer: "/requests/1/path", message: '{{s2.body.id}} names no earlier step "s2"' }],
    });
    expect(refusal(() => substituteInBody({ a: ["{{s1.body.data.1.accountId}}"] }, earlier, "/requests/1/body")).violations).toEqual([
      { pointer: "/requests/1/body/a/0", message: '{{s1.body.data.1.accountId}} is not in the answer of step "s1"' },
    ]);
    expect(refusal(() => substituteInText("{{s1.body.__proto__}}", earlier, "/x")).detail).toContain("is not in the answer");
    expect(refusal(() => substituteInText("{{s1.cookies.x}}", earlier, "/x")).detail).toContain("must be {{id.status}}");
    expect(refusal(() => substituteInText("{{s1 body}}", earlier, "/x")).detail).toContain("is not of the form");
  });
});
