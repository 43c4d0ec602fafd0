"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { callApi, type Problem, ProblemAlert } from "@/components/ui/problem";

export type PendingMakerCheckerView = { id: string; makerChecker: boolean; proposedByName: string; proposedAt: string; mine: boolean };

const onOff = (on: boolean) => (on ? "on" : "off");

/**
 * Maker-checker changes with two admins: one proposes, a different one
 * approves or rejects; the proposer sees that it waits and may withdraw it.
 */
export function MakerCheckerPanel({ makerChecker, pending }: { makerChecker: boolean; pending: PendingMakerCheckerView | null }) {
  const router = useRouter();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function act(url: string, body?: unknown) {
    setBusy(true);
    setProblem(null);
    const result = await callApi(url, "POST", body);
    setBusy(false);
    if (!result.ok) return setProblem(result.problem);
    router.refresh();
  }
  const decide = (verb: "approve" | "reject") => act(`/api/admin/settings/maker-checker/${encodeURIComponent(pending!.id)}/${verb}`);

  return (
    <Card>
      <h2 className="text-lg font-semibold text-slate-900">Maker-checker</h2>
      <p className="mt-1 text-sm text-slate-600">
        Two different admins must approve every app registration and change request. Maker-checker is <strong>{onOff(makerChecker)}</strong>. Switching it on or off
        needs a second admin: one proposes, another approves.
      </p>
      <div className="mt-3 space-y-3">
        <ProblemAlert problem={problem} />
        {!pending ? (
          <Button variant="secondary" disabled={busy} onClick={() => void act("/api/admin/settings/maker-checker", { makerChecker: !makerChecker })}>
            Propose turning maker-checker {onOff(!makerChecker)}
          </Button>
        ) : pending.mine ? (
          <>
            <Alert tone="info" role="status">
              You proposed turning maker-checker {onOff(pending.makerChecker)}. Waiting for a second admin to approve it.
            </Alert>
            <Button variant="secondary" disabled={busy} onClick={() => void decide("reject")}>Withdraw proposal</Button>
          </>
        ) : (
          <>
            <Alert tone="warning" role="status">
              {pending.proposedByName} proposes turning maker-checker {onOff(pending.makerChecker)} ({new Date(pending.proposedAt).toLocaleString("en-GB", { timeZone: "UTC" })} UTC).
            </Alert>
            <div className="flex gap-3">
              <Button disabled={busy} onClick={() => void decide("approve")}>Approve change</Button>
              <Button variant="danger" disabled={busy} onClick={() => void decide("reject")}>Reject change</Button>
            </div>
          </>
        )}
      </div>
    </Card>
  );
}
