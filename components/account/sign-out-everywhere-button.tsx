"use client";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { callApi, ProblemAlert, type Problem } from "@/components/ui/problem";

/** Ends every session of the user on the server, then clears this browser's cookie. */
export function SignOutEverywhereButton() {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);
  async function run() {
    setPending(true);
    const result = await callApi("/api/account/sign-out-everywhere", "POST");
    if (!result.ok) {
      setPending(false);
      return setProblem(result.problem);
    }
    await signOut({ callbackUrl: "/signin" });
  }
  return (
    <div className="space-y-2">
      <ProblemAlert problem={problem} />
      <Button type="button" variant="danger" onClick={run} disabled={pending}>{pending ? "Signing out…" : "Sign out everywhere"}</Button>
    </div>
  );
}
