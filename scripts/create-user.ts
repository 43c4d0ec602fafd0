// npm run user:create -- --role admin|compliance --email a@bank.example --name "A Admin"
//
// The only way to create bank staff: sign-up makes developers only. The
// password comes from PORTICO_NEW_USER_PASSWORD or is generated and printed
// once (never stored in plain text, never logged elsewhere). Audited as a
// system action naming the operator's OS user.
import { randomBytes } from "node:crypto";
import os from "node:os";
import { z } from "zod";
import { hashPassword, passwordProblem } from "../lib/accounts/password";
import { auditedChange } from "../lib/audit/audited-change";
import { systemActor } from "../lib/authz/actor";
import { closeDb } from "../lib/db";
import { migrate } from "../lib/db/migrate";

const argsSchema = z
  .object({
    role: z.enum(["admin", "compliance"], { message: "--role must be admin or compliance" }),
    email: z.string().trim().toLowerCase().email("--email must be an email address"),
    name: z.string().trim().min(1, "--name is required").max(120),
  })
  .strict();

export function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (!flag.startsWith("--")) throw new Error(`unexpected argument "${flag}"`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value`);
    out[flag.slice(2)] = value;
    i++;
  }
  return out;
}

/** Creates an admin or compliance user. Returns the generated password when none was given. */
export async function createStaffUser(options: { unverifiedArgs: Record<string, string>; password?: string; operator?: string }) {
  const parsed = argsSchema.safeParse(options.unverifiedArgs);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("; "));
  const { role, email, name } = parsed.data;
  const generated = options.password ? undefined : randomBytes(18).toString("base64url");
  const password = options.password ?? generated!;
  const weak = passwordProblem(password);
  if (weak) throw new Error(`PORTICO_NEW_USER_PASSWORD: ${weak}`);
  const passwordHash = await hashPassword(password);
  const user = await auditedChange({
    actor: systemActor(`cli user:create (${options.operator ?? "unknown"})`),
    roles: ["system"],
    change: async (tx) => {
      if (await tx.user.findUnique({ where: { email } })) throw new Error(`a user with the email ${email} already exists`);
      const user = await tx.user.create({ data: { email, name, role, passwordHash, organisationId: null, emailVerifiedAt: new Date() } });
      return { result: user, audit: [{ action: "user.create", targetId: user.id, details: { email, role } }] };
    },
  });
  return { user, generatedPassword: generated };
}

async function main() {
  await migrate();
  const { user, generatedPassword } = await createStaffUser({
    unverifiedArgs: parseArgs(process.argv.slice(2)),
    password: process.env.PORTICO_NEW_USER_PASSWORD || undefined,
    operator: os.userInfo().username,
  });
  console.log(`created ${user.role} ${user.email}`);
  if (generatedPassword) console.log(`password (shown once, store it safely): ${generatedPassword}`);
}

if (process.argv[1] && /create-user\.ts$/.test(process.argv[1])) {
  main()
    .catch((error) => {
      console.error(`user:create failed: ${error instanceof Error ? error.message : error}`);
      process.exitCode = 1;
    })
    .finally(() => closeDb());
}
