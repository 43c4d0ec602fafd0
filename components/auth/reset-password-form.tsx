"use client";
import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { callApi, problemMessage, type Problem } from "@/components/ui/problem";

export function ResetPasswordForm({ token }: { token: string }) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);
  const passwordError = problem?.violations?.find((v) => v.pointer === "/password")?.message;
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setProblem(null);
    const result = await callApi("/api/account/password", "POST", { token, password: new FormData(event.currentTarget).get("password") });
    setPending(false);
    if (!result.ok) return setProblem(result.problem);
    setDone(true);
  }
  if (done) return <Alert tone="success">Your password is changed and every other browser is signed out. <Link href="/signin" className="font-semibold underline">Sign in</Link></Alert>;
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {problem && !passwordError ? <Alert tone="error">{problemMessage(problem)}</Alert> : null}
      <Field label="New password" name="password" type="password" autoComplete="new-password" required minLength={12} error={passwordError} hint="At least 12 characters and hard to guess: a few unrelated words work well." />
      <Button type="submit" disabled={pending} className="w-full">{pending ? "Saving…" : "Set new password"}</Button>
    </form>
  );
}
