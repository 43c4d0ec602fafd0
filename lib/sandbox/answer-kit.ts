// What answer-from-data.ts hands the per-resource answers (answer-cards.ts,
// answer-fx.ts, answer-onboarding.ts, answer-credit-checks.ts): the request's
// inputs, read once and with every account input already checked against the
// grant, and the binding's layout of the response. One reading of inputs and
// one layout for every resource.
import type { AppGrant } from "@/lib/access/load-app-grant";
import type { DbOrTx } from "@/lib/db";
import type { SandboxBinding } from "@/lib/openapi/sandbox-binding";
import type { SandboxProblem, SandboxReason } from "./errors";
import type { MockedResponse } from "./mock-response";

/** A result's sandbox fields, by name (lib/openapi/sandbox-binding.ts FIELDS); undefined ones are left out of the answer. */
export type Fields = Record<string, string | number | boolean | readonly unknown[] | undefined>;

export type Request = {
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
};

export type AnswerKit = {
  db: DbOrTx;
  binding: SandboxBinding;
  grant: AppGrant;
  organisationId: string;
  /** The sandbox's now (its clock, lib/sandbox-data/sandbox-clock.ts): expiries and decisions are judged against it. */
  now: Date;
  /** Security-critical: whether the app's grant covers this public account id. */
  mayUseAccount: (accountId: string) => boolean;
  /** An input as the request carried it (absent: undefined). */
  value: (name: string) => unknown;
  text: (name: string) => string | undefined;
  /** The input, or a 422 saying it is required. */
  required: (name: string) => string;
  /** A 422 whose violation points at the input's place in the request. */
  invalid: (name: string, code: SandboxReason, detail: string, message: string) => SandboxProblem;
  /** An amount input in minor units, or a 422. */
  minor: (name: string) => number;
  notFound: (what: string) => SandboxProblem;
  /** One result laid out as the binding says. */
  one: (fields: Fields) => unknown;
  /** Results (and the page's own fields) laid out as the binding says. */
  many: (results: Fields[], page?: Fields) => unknown;
  send: (body: unknown, headers?: Record<string, string>) => MockedResponse;
  /** The Location header the binding's template makes from a created result's fields (none without a template). */
  location: (fields: Fields) => Record<string, string>;
};
