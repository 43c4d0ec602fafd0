// Scenarios: documented triggers that make the sandbox answer as a bank does
// when things go wrong, so an app can test its error handling (README
// "Scenarios"). Asked for with `Prefer: scenario=<name>` (RFC 7240; one
// preference among code=, example=) or, for payments, with a magic amount.
// A scenario applies only after every check of a real call (token, scopes,
// rate limit, validation, accounts): it never lets a request through that
// would otherwise be refused.
import { SandboxProblem } from "./errors";

export const SCENARIOS = ["insufficient_funds", "payment_rejected", "bank_error", "slow"] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** The scenarios that are about a payment being made, and so apply to payment creation only. */
export const PAYMENT_SCENARIOS: ReadonlySet<Scenario> = new Set(["insufficient_funds", "payment_rejected"]);

/** How long the slow scenario holds its answer: long enough to trip a client's short timeout, bounded so it cannot tie up the gateway. */
export const SLOW_SCENARIO_MS = 3000;

/** Payment amounts (the spec's decimal string) that trigger a payment scenario without a Prefer header. */
export const MAGIC_AMOUNTS: Readonly<Record<string, Scenario>> = { "666.66": "payment_rejected", "999.99": "insufficient_funds" };

/**
 * The scenario a Prefer header asks for, if any. An unknown name is refused
 * (400) rather than ignored, so a typo is not mistaken for a passing test.
 */
export function requestedScenario(prefer: string | undefined): Scenario | undefined {
  if (!prefer || !prefer.includes("scenario")) return undefined;
  for (const part of prefer.split(/[,;]/)) {
    const [rawKey, ...rest] = part.split("=");
    if ((rawKey ?? "").trim().toLowerCase() !== "scenario") continue;
    const value = rest.join("=").trim().replace(/^"|"$/g, "");
    if ((SCENARIOS as readonly string[]).includes(value)) return value as Scenario;
    throw new SandboxProblem("bad_request", "unknown_scenario", `Unknown scenario "${value.slice(0, 40)}"; use one of ${SCENARIOS.join(", ")}`, {
      violations: [{ pointer: "/header/prefer", message: `scenario must be one of ${SCENARIOS.join(", ")}` }],
    });
  }
  return undefined;
}
