import { z } from "zod";
import { auditedChange } from "@/lib/audit/audited-change";
import { conflict, parseInput, PorticoError } from "@/lib/errors";
import { hashPassword, passwordProblem } from "./password";
import { slugify } from "@/lib/text/slugify";
import { createSandboxData } from "@/lib/sandbox-data/create-sandbox-data";

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(120),
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  organisation: z.string().trim().min(2, "Enter your organisation").max(120),
  password: z.string(),
});

/**
 * Developer self-registration. Creates the developer and a new organisation
 * (joining an existing organisation by name would let anyone read its apps,
 * so a taken name is refused). Admin and compliance accounts are never
 * created here: see scripts/create-user.ts.
 */
export async function signUp(options: { unverifiedInput: unknown; ip?: string }) {
  const input = parseInput(signUpSchema, options.unverifiedInput);
  const weak = passwordProblem(input.password);
  if (weak) throw new PorticoError("validation_failed", weak, { violations: [{ pointer: "/password", message: weak }] });
  const passwordHash = await hashPassword(input.password);
  // Open to anyone: the new developer is the actor of their own sign-up.
  return auditedChange({
    roles: "anyone",
    change: async (tx) => {
      if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
        throw conflict("An account with this email already exists. Sign in instead.");
      }
      const slug = slugify(input.organisation);
      const taken = await tx.organisation.findFirst({ where: { OR: [{ name: input.organisation }, { slug }] }, select: { id: true } });
      if (taken) throw conflict("That organisation is already registered. Ask a colleague there, or the bank, to add you.");
      const organisation = await tx.organisation.create({ data: { name: input.organisation, slug } });
      // Every organisation gets its own fictitious sandbox customers and accounts.
      await createSandboxData({ tx, organisationId: organisation.id });
      const user = await tx.user.create({
        data: { name: input.name, email: input.email, passwordHash, role: "developer", organisationId: organisation.id },
        select: { id: true, email: true, name: true, role: true, organisationId: true },
      });
      return {
        result: user,
        audit: [
          {
            actor: { kind: "user", id: user.id, role: "developer", organisationId: organisation.id, label: user.email, ip: options.ip },
            action: "user.sign_up",
            targetId: user.id,
            details: { organisationId: organisation.id, organisation: organisation.name },
          },
        ],
      };
    },
    // The new organisation's sandbox data (customers, accounts, transactions) is
    // written in this transaction too, so it takes longer than Prisma's 5 s
    // default allows on a loaded PostgreSQL; all or nothing still holds.
    transaction: { timeout: 30_000 },
  });
}
