"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { callApi, ProblemAlert, type Problem } from "@/components/ui/problem";

/**
 * One button, not a visit: mail scanners open links on their own, and a
 * state change should be the person's decision (a POST).
 */
export function VerifyEmailForm({ token }: { token: string }) {
  const router = useRouter();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function verify() {
    setPending(true);
    setProblem(null);
    const result = await callApi<{ email: string }>("/api/account/verify-email", "POST", { token });
    setPending(false);
    if (!result.ok) return setProblem(result.problem);
    setDone(result.data.email);
    router.refresh();
  }
  if (done) return <Alert tone="success">{done} is verified. You can now register apps. <Link href="/apps/new" className="font-semibold underline">Register an app</Link></Alert>;
  return (
    <div className="space-y-4">
      <ProblemAlert problem={problem} />
      <Button type="button" onClick={verify} disabled={pending} className="w-full">{pending ? "Verifying…" : "Verify my email address"}</Button>
    </div>
  );
}
