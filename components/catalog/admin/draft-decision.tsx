"use client";
// A stored draft decided on its page: the review (spec-review.tsx) publishes
// the draft's spec with the admin's decisions, or the admin discards it.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { ProblemAlert, send, type Problem } from "@/components/ui/problem";
import type { SpecPreview } from "@/lib/catalog/preview-spec";
import type { PublishResult } from "@/lib/catalog/publish-spec";
import { SpecReview, type ReviewedOverlay } from "./spec-review";

export function DraftDecision({ id, preview }: { id: string; preview: SpecPreview }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [published, setPublished] = useState<PublishResult | null>(null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const url = `/api/admin/catalog/drafts/${encodeURIComponent(id)}`;

  async function publish(overlay: ReviewedOverlay) {
    setPending(true);
    setProblem(null);
    const result = await send<PublishResult>(`${url}/publish`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ overlay }) });
    setPending(false);
    if (!result.ok) return setProblem(result.problem);
    // Not router.refresh(): the draft is gone, and this page would re-render as 404.
    setPublished(result.body);
  }

  async function discard() {
    setPending(true);
    setProblem(null);
    const result = await send(url, { method: "DELETE" });
    setPending(false);
    if (!result.ok) return setProblem(result.problem);
    router.push("/admin/catalog");
  }

  if (published) {
    return (
      <Alert tone="success">
        Published {published.name} {published.version} with {published.operations} operations{published.noAccountScoping ? ", without account scoping" : ""}.{" "}
        <a className="font-semibold underline" href={`/apis/${encodeURIComponent(published.slug)}/${encodeURIComponent(published.version)}`}>Open it</a> ·{" "}
        <a className="font-semibold underline" href="/admin/catalog">Back to the catalogue</a>
      </Alert>
    );
  }
  return (
    <div className="space-y-4">
      {problem ? <ProblemAlert problem={problem} /> : null}
      <SpecReview preview={preview} pending={pending} onConfirm={(overlay) => void publish(overlay)} onCancel={() => setConfirmDiscard(true)} cancelLabel="Discard draft" />
      {confirmDiscard ? (
        <Alert tone="warning">
          <p>Discard this draft? Nothing was published from it; the import can be sent again.</p>
          <div className="mt-2 flex gap-2">
            <Button type="button" variant="danger" onClick={() => void discard()} disabled={pending}>Discard</Button>
            <Button type="button" variant="secondary" onClick={() => setConfirmDiscard(false)} disabled={pending}>Keep it</Button>
          </div>
        </Alert>
      ) : null}
    </div>
  );
}
