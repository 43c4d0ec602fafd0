"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { callApi, ProblemAlert } from "@/components/ui/problem";
import { useFormProblem } from "@/components/ui/use-form-problem";

const LABELS = { name: "Full name", email: "Work email", organisation: "Organisation", password: "Password" };

export function SignUpForm() {
  const router = useRouter();
  const form = useFormProblem(LABELS);
  const [pending, setPending] = useState(false);
  const field = (name: keyof typeof LABELS) => ({ name, label: LABELS[name], error: form.error(name), onChange: () => form.edited(name) });

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    const data = new FormData(event.currentTarget);
    const result = await callApi("/api/signup", "POST", Object.fromEntries(data));
    if (!result.ok) {
      setPending(false);
      return form.show(result.problem);
    }
    form.show(null);
    // Signed in at once with the same credentials. The answer is the same for a
    // taken email (nothing is enumerated), so that sign-in then fails unless the
    // visitor owns the account: they land on sign-in with the same message.
    const signedIn = await signIn("credentials", { email: data.get("email"), password: data.get("password"), redirect: false });
    setPending(false);
    router.push(signedIn && !signedIn.error ? "/dashboard" : "/signin?registered=1");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <ProblemAlert problem={form.alert} labels={LABELS} />
      <Field {...field("name")} autoComplete="name" required />
      <Field {...field("email")} type="email" autoComplete="email" required />
      <Field {...field("organisation")} autoComplete="organization" required hint="Your company; it owns the apps you register." />
      <Field {...field("password")} type="password" autoComplete="new-password" required minLength={12} hint="At least 12 characters and hard to guess: a few unrelated words work well." />
      <Button type="submit" disabled={pending} className="w-full">{pending ? "Creating account…" : "Create account"}</Button>
    </form>
  );
}
