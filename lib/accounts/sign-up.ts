import { z } from "zod";
import { auditedChange } from "@/lib/audit/audited-change";
import { systemActor } from "@/lib/authz/actor";
import { config } from "@/lib/config";
import { conflict, parseInput, PorticoError } from "@/lib/errors";
import { enqueueMail } from "@/lib/mail/enqueue-mail";
import { notify } from "@/lib/notifications/notify";
import type { RateLimit, RateLimiter } from "@/lib/rate-limit/rate-limiter";
import { sharedRateLimiter } from "@/lib/rate-limit/shared-rate-limiter";
import { issueAccountToken } from "./account-token";
import { hashPassword, passwordProblem } from "./password";
import { verificationMail } from "./send-verification-email";
import { slugify } from "@/lib/text/slugify";
import { createSandboxData } from "@/lib/sandbox-data/create-sandbox-data";

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(120),
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  organisation: z.string().trim().min(2, "Enter your organisation").max(120),
  password: z.string(),
});

/**
 * The per-IP budget: `perHour` sign-ups an hour (config PORTICO_SIGN_UP_RATE_LIMIT;
 * each makes an organisation with sandbox data), then 429 problem+json with Retry-After.
 */
export const signUpBudget = (perHour: number) => ({
  name: "sign-up",
  limit: { points: perHour, durationSeconds: 3600 } satisfies RateLimit,
  refuse: ({ retryAfterSeconds }: { retryAfterSeconds: number }) =>
    new PorticoError("rate_limited", `Too many sign-ups from your network; retry in ${Math.ceil(retryAfterSeconds / 60)} minutes`, {
      headers: { "retry-after": String(retryAfterSeconds) },
    }),
});

/** The one answer to every accepted sign-up, new email or taken: it does not tell which. */
export const SIGN_UP_RECEIVED = "Registration received. We have sent you an email: open its link to verify your address.";

/**
 * Developer self-registration. Creates the developer and a new organisation
 * (joining an existing organisation by name would let anyone read its apps,
 * so a taken name is refused). Admin and compliance accounts are never
 * created here: see scripts/create-user.ts.
 *
 * A new account starts unverified: it is mailed a single-use verification
 * link (account-token.ts) and may not register apps until it is opened.
 *
 * No user enumeration: a sign-up with an email that already has an account
 * creates nothing, is audited (`user.sign_up_existing`), tells the owner in a
 * notification and an email, and resolves to the same answer as a new account
 * (SIGN_UP_RECEIVED), which is all the caller gets. Both paths hash the
 * password and write one mail in one transaction, so they take about as long.
 * The organisation is checked first, so a taken organisation is refused
 * whatever the email.
 */
export async function signUp(options: {
  unverifiedInput: unknown;
  ip?: string;
  /** Per source IP; default: the portal's, with the limit from lib/config. */
  limiter?: RateLimiter;
}): Promise<{ message: string }> {
  const limiter = options.limiter ?? (await sharedRateLimiter(signUpBudget(config.signUpsPerIpPerHour)));
  await limiter.consume(options.ip ?? "unknown"); // before anything else: every attempt counts
  const input = parseInput(signUpSchema, options.unverifiedInput);
  const weak = passwordProblem(input.password, [input.email, input.name, input.organisation]);
  if (weak) throw new PorticoError("validation_failed", weak, { violations: [{ pointer: "/password", message: weak }] });
  const passwordHash = await hashPassword(input.password);
  // Open to anyone: the new developer is the actor of their own sign-up.
  await auditedChange({
    roles: "anyone",
    change: async (tx) => {
      const slug = slugify(input.organisation);
      const taken = await tx.organisation.findFirst({ where: { OR: [{ name: input.organisation }, { slug }] }, select: { id: true } });
      if (taken) throw conflict("That organisation is already registered. Ask a colleague there, or the bank, to add you.");
      const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
      if (existing) {
        const message = "Someone tried to register a new developer account with your email address. If it was you, sign in with your existing password (or reset it from the sign-in page); if not, you need do nothing.";
        await notify(tx, { userId: existing.id, message });
        await enqueueMail(tx, { userId: existing.id, subject: "Someone tried to sign up with your address", body: `${message}\n\n— Portico` });
        return {
          result: undefined,
          audit: [{ actor: systemActor("anonymous sign-up", options.ip), action: "user.sign_up_existing", targetId: existing.id, details: { organisation: input.organisation } }],
        };
      }
      const organisation = await tx.organisation.create({ data: { name: input.organisation, slug } });
      // Every organisation gets its own fictitious sandbox customers and accounts.
      await createSandboxData({ tx, organisationId: organisation.id });
      const user = await tx.user.create({
        data: { name: input.name, email: input.email, passwordHash, role: "developer", organisationId: organisation.id, emailVerifiedAt: null },
        select: { id: true, email: true, name: true, role: true, organisationId: true },
      });
      const token = await issueAccountToken(tx, { userId: user.id, purpose: "verify_email" });
      await enqueueMail(tx, { userId: user.id, ...verificationMail({ name: user.name, token }) });
      return {
        result: undefined,
        audit: [
          {
            actor: { kind: "user", id: user.id, role: "developer", organisationId: organisation.id, label: user.email, ip: options.ip },
            action: "user.sign_up",
            targetId: user.id,
            details: { organisationId: organisation.id, organisation: organisation.name },
          },
          { actor: { kind: "user", id: user.id, role: "developer", organisationId: organisation.id, label: user.email, ip: options.ip }, action: "user.verification_sent", targetId: user.id },
        ],
      };
    },
    // The new organisation's sandbox data (customers, accounts, transactions) is
    // written in this transaction too, so it takes longer than Prisma's 5 s
    // default allows on a loaded PostgreSQL; all or nothing still holds.
    transaction: { timeout: 30_000 },
  });
  return { message: SIGN_UP_RECEIVED };
}
