"use client";
import { useState } from "react";
import { Alert } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { callApi, ProblemAlert, type Problem } from "@/components/ui/problem";

export function ForgotPasswordForm() {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setProblem(null);
    const result = await callApi<{ message: string }>("/api/account/password-reset", "POST", Object.fromEntries(new FormData(event.currentTarget)));
    setPending(false);
    if (!result.ok) return setProblem(result.problem);
    setMessage(result.data.message);
  }
  if (message) return <Alert tone="success">{message}</Alert>;
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <ProblemAlert problem={problem} />
      <Field label="Email" name="email" type="email" autoComplete="username" required error={problem?.violations?.find((v) => v.pointer === "/email")?.message} />
      <Button type="submit" disabled={pending} className="w-full">{pending ? "Sending…" : "Email me a reset link"}</Button>
    </form>
  );
}
