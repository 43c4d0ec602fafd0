"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { callApi, problemMessage, type Problem } from "@/components/ui/problem";

export function SignUpForm() {
  const router = useRouter();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);
  const fieldError = (name: string) => problem?.violations?.find((v) => v.pointer === `/${name}`)?.message;

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setProblem(null);
    const form = new FormData(event.currentTarget);
    const result = await callApi("/api/signup", "POST", Object.fromEntries(form));
    if (!result.ok) {
      setPending(false);
      return setProblem(result.problem);
    }
    // Signed in at once with the same credentials. The answer is the same for a
    // taken email (nothing is enumerated), so that sign-in then fails unless the
    // visitor owns the account: they land on sign-in with the same message.
    const signedIn = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
    setPending(false);
    router.push(signedIn && !signedIn.error ? "/dashboard" : "/signin?registered=1");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {problem ? <Alert tone="error">{problemMessage(problem)}</Alert> : null}
      <Field label="Full name" name="name" autoComplete="name" required error={fieldError("name")} />
      <Field label="Work email" name="email" type="email" autoComplete="email" required error={fieldError("email")} />
      <Field label="Organisation" name="organisation" autoComplete="organization" required error={fieldError("organisation")} hint="Your company; it owns the apps you register." />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required minLength={12} error={fieldError("password")} hint="At least 12 characters and hard to guess: a few unrelated words work well." />
      <Button type="submit" disabled={pending} className="w-full">{pending ? "Creating account…" : "Create account"}</Button>
    </form>
  );
}
