import { z } from "zod";
import { getDb } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { badRequest, conflict } from "@/lib/errors";
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
  const parsed = signUpSchema.safeParse(options.unverifiedInput);
  if (!parsed.success) {
    throw badRequest("Please correct the highlighted fields", parsed.error.issues.map((i) => ({ pointer: `/${i.path.join("/")}`, message: i.message })));
  }
  const input = parsed.data;
  const weak = passwordProblem(input.password);
  if (weak) throw badRequest(weak, [{ pointer: "/password", message: weak }]);
  const passwordHash = await hashPassword(input.password);
  const db = getDb();
  return db.$transaction(async (tx) => {
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
    await recordAuditEvent(tx, {
      actor: { kind: "user", id: user.id, role: "developer", organisationId: organisation.id, label: user.email, ip: options.ip },
      action: "user.sign_up",
      targetType: "user",
      targetId: user.id,
      details: { organisationId: organisation.id, organisation: organisation.name },
    });
    return user;
  });
}
