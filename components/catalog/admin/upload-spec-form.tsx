"use client";
// Publishing in two steps when there is something to decide: the spec is
// previewed (nothing stored), the admin sees the default scopes of the
// operations the spec leaves without one and the proposed account
// identifiers, changes or confirms them (spec-review.tsx), and publishes
// spec + overlay together. A spec with nothing to decide publishes at once.
// One that needs a decision (account identifiers to confirm) is kept as a
// draft first, like an undecided import from CI, and reviewed on its page.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/card";
import { SpecReview, type ReviewedOverlay } from "./spec-review";
import { Button } from "@/components/ui/button";
import { ProblemAlert, send, type Problem } from "@/components/ui/problem";
import type { SpecPreview } from "@/lib/catalog/preview-spec";

import { ScoreSummary, ScorecardProgressNote } from "@/components/catalog/scorecard-panel";
import type { PublishResult } from "@/lib/catalog/publish-spec";

type Published = Pick<PublishResult, "status" | "name" | "slug" | "version" | "operations" | "webhooks" | "convertedFrom" | "noAccountScoping" | "scorecard" | "scorecardState" | "changes">;
export function UploadSpecForm() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<Published | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<SpecPreview | null>(null);

  function reset() {
    setPreview(null);
  }

  async function publish(spec: File, overlay?: object) {
    const body = new FormData();
    body.set("spec", spec);
    if (overlay) body.set("overlay", JSON.stringify(overlay));
    const result = await send<Published>("/api/admin/catalog/specs", { method: "POST", body });
    if (!result.ok) return setProblem(result.problem);
    setDone(result.body);
    setFile(null);
    reset();
    router.refresh();
  }

  async function onReview(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const chosen = new FormData(form).get("spec");
    if (!(chosen instanceof File)) return;
    setPending(true);
    setProblem(null);
    setDone(null);
    reset();
    const body = new FormData();
    body.set("spec", chosen);
    const result = await send<SpecPreview>("/api/admin/catalog/specs/preview", { method: "POST", body });
    if (!result.ok) {
      setPending(false);
      return setProblem(result.problem);
    }
    const p = result.body;
    if (!Object.keys(p.proposedScopes).length && !p.proposedAccountMarks.length) {
      // Nothing to decide: publish as it stands.
      await publish(chosen);
      form.reset();
      return setPending(false);
    }
    if (p.missing.length) {
      // Sent without decisions, it is kept as a draft (409 naming it): decided on the draft's page.
      const body = new FormData();
      body.set("spec", chosen);
      const kept = await send<Published>("/api/admin/catalog/specs", { method: "POST", body });
      const draft = !kept.ok ? (kept.problem as Problem & { draft?: { id: string } }).draft : undefined;
      if (draft) return router.push(`/admin/catalog/drafts/${encodeURIComponent(draft.id)}`);
      setPending(false);
      return kept.ok ? (setDone(kept.body), router.refresh()) : setProblem(kept.problem);
    }
    setFile(chosen);
    setPreview(p);
    form.reset();
    setPending(false);
  }

  async function onConfirm(overlay: ReviewedOverlay) {
    if (!file || !preview) return;
    setPending(true);
    setProblem(null);
    await publish(file, overlay);
    setPending(false);
  }

  return (
    <div className="space-y-4">
      <form onSubmit={onReview} className="space-y-3">
        <div>
          <label htmlFor="spec" className="block text-sm font-medium text-slate-800">OpenAPI spec (YAML or JSON)</label>
          <input id="spec" name="spec" type="file" required accept=".yaml,.yml,.json,.zip,application/json,application/yaml,application/zip" aria-describedby="spec-hint" className="mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:font-semibold file:text-brand-800 hover:file:bg-brand-100" />
          <p id="spec-hint" className="mt-1 text-xs text-slate-500">
            Swagger 2.0, OpenAPI 3.0 or 3.1, with its own security schemes. Operations without a scope get a default you can change, and fields that look like account identifiers are proposed for you to confirm. <code>info.version</code> names the version; re-uploading the same content changes nothing. A spec split over several files: upload them as one .zip (the root file and the files its <code>$ref</code>s name).
          </p>
        </div>
        <Button type="submit" disabled={pending}>{pending && !preview ? "Validating…" : "Publish spec"}</Button>
      </form>
      {problem ? <ProblemAlert problem={problem} inDocument /> : null}
      {done ? (
        <div className="space-y-3">
          <Alert tone="success">
            {done.status === "created"
              ? `Published ${done.name} ${done.version} with ${done.operations} operations${done.webhooks ? ` and ${done.webhooks} webhooks` : ""}${done.convertedFrom ? ` (converted from Swagger ${done.convertedFrom})` : ""}${done.noAccountScoping ? ", without account scoping" : ""}.`
              : `${done.name} ${done.version} is already published with this content; nothing changed.`}
            {done.changes ? ` ${done.changes.breaking} breaking change${done.changes.breaking === 1 ? "" : "s"} since ${done.changes.from}.` : ""}
          </Alert>
          <section aria-labelledby="upload-scorecard" className="rounded-md border border-slate-200 p-4">
            <h3 id="upload-scorecard" className="text-sm font-semibold text-slate-900">Scorecard</h3>
            {done.scorecard ? (
              <>
                <div className="mt-2"><ScoreSummary scorecard={done.scorecard} /></div>
                {done.scorecard.failedRules.length ? (
                  <ul className="mt-3 space-y-1 text-sm" aria-label="Rules the spec breaks">
                    {done.scorecard.failedRules.slice(0, 5).map((r) => (
                      <li key={r.rule}><span className="font-mono text-xs">{r.rule}</span> <span className="text-slate-600">× {r.count}</span></li>
                    ))}
                  </ul>
                ) : null}
              </>
            ) : (
              <ScorecardProgressNote progress={done.scorecardState === "pending" ? { state: "pending" } : { state: "failed", reason: "The scorecard could not be computed" }} />
            )}
            <a className="mt-3 inline-block text-sm font-semibold text-brand-700 underline" href={`/apis/${encodeURIComponent(done.slug)}/${encodeURIComponent(done.version)}`}>
              Every finding, with its place in the spec
            </a>
          </section>
        </div>
      ) : null}
      {preview ? <SpecReview preview={preview} pending={pending} onConfirm={(overlay) => void onConfirm(overlay)} onCancel={() => { reset(); setFile(null); }} /> : null}
    </div>
  );
}
