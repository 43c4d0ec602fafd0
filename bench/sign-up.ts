// `npm run bench:sign-up`: does sign-up's answer time tell a taken email from
// a new one? Runs lib/accounts/sign-up.ts alternately with new emails (the
// baseline: the real path, which creates the organisation and its sandbox
// data and mails a verification link) and with emails that already have an
// account (nothing created; the owner is notified and mailed), on a fresh
// SQLite file or a fresh PostgreSQL schema (DATABASE_URL=postgresql://…),
// and prints the median and p90 of each and their difference. Not part of
// `npm test`.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * values.length) - 1)]!;

(async () => {
  const base = process.env.DATABASE_URL;
  if (base && /^postgres(ql)?:\/\//.test(base)) {
    const url = new URL(base);
    url.searchParams.set("schema", `bench_signup_${randomBytes(4).toString("hex")}`);
    process.env.DATABASE_URL = url.toString();
  } else {
    process.env.DATABASE_URL = `file:${path.join(mkdtempSync(path.join(os.tmpdir(), "portico-bench-signup-")), "bench.db")}`;
  }
  process.env.PORTICO_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "portico-bench-data-"));
  const { migrate } = await import("../lib/db/migrate");
  const { closeDb } = await import("../lib/db");
  const { signUp } = await import("../lib/accounts/sign-up");
  const { testSignUpLimiter } = await import("../lib/testing/factories");
  await migrate();
  const limiter = testSignUpLimiter();
  const input = (email: string) => ({ name: "Bench Dev", email, organisation: `Bench ${randomBytes(5).toString("hex")}`, password: "violet tractor sings quietly" });
  const taken: string[] = [];
  for (let i = 0; i < 3; i++) {
    const email = `taken-${randomBytes(5).toString("hex")}@bench.example`;
    await signUp({ unverifiedInput: input(email), limiter }); // also warms up scrypt, zxcvbn and the queries
    taken.push(email);
  }
  const fresh: number[] = [];
  const existing: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now();
    await signUp({ unverifiedInput: input(`new-${randomBytes(5).toString("hex")}@bench.example`), limiter });
    fresh.push(performance.now() - t);
    t = performance.now();
    await signUp({ unverifiedInput: input(taken[i % taken.length]!), limiter });
    existing.push(performance.now() - t);
  }
  const row = (label: string, v: number[]) => `${label}\tmedian ${pct(v, 50).toFixed(1)} ms\tp90 ${pct(v, 90).toFixed(1)} ms`;
  console.log(`${ROUNDS} rounds each, alternating, ${base && /^postgres/.test(base) ? "PostgreSQL" : "SQLite"}`);
  console.log(row("new email (baseline)", fresh));
  console.log(row("taken email", existing));
  const diff = pct(existing, 50) - pct(fresh, 50);
  console.log(`difference of medians: ${diff.toFixed(1)} ms (${((diff / pct(fresh, 50)) * 100).toFixed(1)} % of the baseline)`);
  await closeDb();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
