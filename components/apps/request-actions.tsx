"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { callApi, type Problem, ProblemAlert } from "@/components/ui/problem";

/** Submit a draft or withdraw a pending request. */
export function RequestActions({ appId, status }: { appId: string; status: "draft" | "pending" }) {
  const router = useRouter();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  async function act(action: "submit" | "withdraw") {
    setBusy(true);
    setProblem(null);
    const result = await callApi(`/api/apps/${appId}/${action}`, "POST");
    setBusy(false);
    if (!result.ok) return setProblem(result.problem);
    router.refresh();
  }
  return (
    <div className="space-y-3">
      <ProblemAlert problem={problem} />
      {status === "draft" ? (
        <Button onClick={() => void act("submit")} disabled={busy}>Submit for review</Button>
      ) : (
        <Button variant="secondary" onClick={() => void act("withdraw")} disabled={busy}>Withdraw request</Button>
      )}
    </div>
  );
}
