"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { TextArea } from "@/components/ui/field";
import { callApi, type Problem, ProblemAlert } from "@/components/ui/problem";

/** The admin's decision on one pending request: approve, or reject with a reason the developer will read. */
export function ReviewPanel(props: { appId: string; requestId: string; alreadyApproved: boolean; approvals: number; required: number }) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `/api/admin/apps/${props.appId}/requests/${props.requestId}`;

  async function decide(action: "approve" | "reject") {
    setBusy(true);
    setProblem(null);
    const result = await callApi(`${base}/${action}`, "POST", action === "reject" ? { reason } : undefined);
    setBusy(false);
    if (!result.ok) return setProblem(result.problem);
    router.refresh();
  }

  return (
    <Card>
      <h2 className="text-lg font-semibold text-slate-900">Decision</h2>
      {props.required > 1 ? (
        <p className="mt-1 text-sm text-slate-600">Maker-checker is on: {props.approvals} of {props.required} approvals from different admins.</p>
      ) : null}
      <div className="mt-4 space-y-4">
        <ProblemAlert problem={problem} />
        {props.alreadyApproved ? (
          <Alert tone="info">You approved this request. A different admin must give the second approval.</Alert>
        ) : (
          <Button onClick={() => void decide("approve")} disabled={busy}>Approve</Button>
        )}
        <form
          className="space-y-3 border-t border-slate-100 pt-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void decide("reject");
          }}
        >
          <TextArea label="Reason for rejection" name="reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} hint="Required. The developer sees it and can change the request." />
          <Button type="submit" variant="danger" disabled={busy}>Reject</Button>
        </form>
      </div>
    </Card>
  );
}
