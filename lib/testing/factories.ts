// Test data made through the same code paths users go through, with unique
// names so tests never depend on each other.
import { randomBytes } from "node:crypto";
import { getDb } from "@/lib/db";
import type { Actor, Role } from "@/lib/authz/actor";
import { hashPassword } from "@/lib/accounts/password";
import { signUpBudget } from "@/lib/accounts/sign-up";
import { createRateLimiter, MEMORY_RATE_LIMIT_STORE } from "@/lib/rate-limit/rate-limiter";

const unique = () => randomBytes(5).toString("hex");
let cachedHash: Promise<string> | undefined;
export const TEST_PASSWORD = "correct horse battery staple";

export async function makeOrganisation(name = `Org ${unique()}`) {
  return getDb().organisation.create({ data: { name, slug: name.toLowerCase().replace(/[^a-z0-9]+/g, "-") } });
}

export async function makeUser(options: { role?: Role; organisationId?: string | null; email?: string; unverified?: boolean } = {}) {
  const role = options.role ?? "developer";
  const organisationId = options.organisationId !== undefined ? options.organisationId : role === "developer" ? (await makeOrganisation()).id : null;
  const user = await getDb().user.create({
    data: {
      email: options.email ?? `${role}-${unique()}@test.example`,
      name: `${role} ${unique()}`,
      role,
      organisationId,
      passwordHash: await (cachedHash ??= hashPassword(TEST_PASSWORD)),
      emailVerifiedAt: options.unverified ? null : new Date(),
    },
  });
  const actor: Actor = { kind: "user", id: user.id, role, organisationId, label: user.email, ip: "127.0.0.1" };
  return { user, actor };
}

/**
 * For tests that sign up but are not about the per-IP sign-up limit: a
 * budget of their own, set explicitly, in this process's memory, so they
 * never share the portal's default budget (nor, with REDIS_URL, its counters).
 */
export const testSignUpLimiter = () =>
  createRateLimiter({ store: MEMORY_RATE_LIMIT_STORE, ...signUpBudget(1000), name: `sign-up-test-${unique()}` });
