import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyCredentials } from "@/lib/accounts/verify-credentials";
import { getDb } from "@/lib/db";
import { createStaffUser, parseArgs } from "./create-user";

describe("user:create", () => {
  it("creates an audited admin with a generated password that works once printed", async () => {
    const email = `ops-${randomBytes(4).toString("hex")}@bank.example`;
    const { user, generatedPassword } = await createStaffUser({ unverifiedArgs: parseArgs(["--role", "admin", "--email", email, "--name", "Ops Admin"]), operator: "tester" });
    expect(user).toMatchObject({ role: "admin", organisationId: null });
    expect(generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(user.passwordHash).not.toContain(generatedPassword!);
    expect((await verifyCredentials({ email, password: generatedPassword! })).ok).toBe(true);
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "user.create", targetId: user.id } });
    expect(audit.actorLabel).toBe("cli user:create (tester)");
    expect(JSON.stringify(audit.details)).not.toContain(generatedPassword!);
  });

  it("refuses developers, bad emails, weak given passwords and duplicates", async () => {
    const email = `c-${randomBytes(4).toString("hex")}@bank.example`;
    await expect(createStaffUser({ unverifiedArgs: { role: "developer", email, name: "X" } })).rejects.toThrow(/--role/);
    await expect(createStaffUser({ unverifiedArgs: { role: "admin", email: "nope", name: "X" } })).rejects.toThrow(/--email/);
    await expect(createStaffUser({ unverifiedArgs: { role: "admin", email, name: "X" }, password: "short" })).rejects.toThrow(/PORTICO_NEW_USER_PASSWORD/);
    await createStaffUser({ unverifiedArgs: { role: "compliance", email, name: "C" }, password: "a-long-enough-password" });
    await expect(createStaffUser({ unverifiedArgs: { role: "compliance", email, name: "C" } })).rejects.toThrow(/already exists/);
    expect(() => parseArgs(["--role"])).toThrow(/needs a value/);
  });
});
