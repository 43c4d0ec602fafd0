"use client";
// Publishing in two steps when there is something to decide: the spec is
// previewed (nothing stored), the admin sees the default scopes of the
// operations the spec leaves without one and the proposed account
// identifiers, changes or confirms them, and publishes spec + overlay
// together. A spec with nothing to decide publishes at once.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Badge } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { ProblemAlert, send, type Problem } from "@/components/ui/problem";
import type { SpecPreview } from "@/lib/catalog/preview-spec";

import { ScoreSummary } from "@/components/catalog/scorecard-panel";
import type { PublishResult } from "@/lib/catalog/publish-spec";

type Published = Pick<PublishResult, "status" | "name" | "slug" | "version" | "operations" | "webhooks" | "convertedFrom" | "noAccountScoping" | "scorecard" | "changes">;
type MarkChoice = { mark: SpecPreview["proposedAccountMarks"][number]; confirmed: boolean; kind: "id" | "iban" };

const markLabel = (m: MarkChoice["mark"]) => (m.in === "body" ? `body ${m.path.join(".")}` : `${m.in} ${m.name}`);

export function UploadSpecForm() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<Published | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<SpecPreview | null>(null);
  const [scopes, setScopes] = useState<Record<string, string>>({});
  const [marks, setMarks] = useState<MarkChoice[]>([]);
  const [noAccountScoping, setNoAccountScoping] = useState(false);

  function reset() {
    setPreview(null);
    setScopes({});
    setMarks([]);
    setNoAccountScoping(false);
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
    setFile(chosen);
    setPreview(p);
    setScopes(Object.fromEntries(Object.entries(p.proposedScopes).map(([k, v]) => [k, v.join(" ")])));
    // A spec that marks accounts itself may have left these out on purpose (a payee): offered, not ticked.
    setMarks(p.proposedAccountMarks.map((mark) => ({ mark, confirmed: !p.specMarksAccounts, kind: mark.kind })));
    form.reset();
    setPending(false);
  }

  async function onConfirm() {
    if (!file || !preview) return;
    setPending(true);
    setProblem(null);
    const overlay = {
      scopes: Object.fromEntries(Object.entries(scopes).map(([k, v]) => [k, v.split(/\s+/).filter(Boolean)])),
      accountMarks: noAccountScoping
        ? []
        : marks.filter((m) => m.confirmed).map(({ mark, kind }) => (mark.in === "body" ? { operation: mark.operation, in: "body", path: mark.path, kind } : { operation: mark.operation, in: mark.in, name: mark.name, kind })),
      noAccountScoping,
    };
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
            <div className="mt-2"><ScoreSummary scorecard={done.scorecard} /></div>
            {done.scorecard.failedRules.length ? (
              <ul className="mt-3 space-y-1 text-sm" aria-label="Rules the spec breaks">
                {done.scorecard.failedRules.slice(0, 5).map((r) => (
                  <li key={r.rule}><span className="font-mono text-xs">{r.rule}</span> <span className="text-slate-600">× {r.count}</span></li>
                ))}
              </ul>
            ) : null}
            <a className="mt-3 inline-block text-sm font-semibold text-brand-700 underline" href={`/apis/${encodeURIComponent(done.slug)}/${encodeURIComponent(done.version)}`}>
              Every finding, with its place in the spec
            </a>
          </section>
        </div>
      ) : null}
      {preview ? (
        <section aria-labelledby="review-heading" className="space-y-4 rounded-md border border-slate-200 p-4">
          <div>
            <h3 id="review-heading" className="font-semibold text-slate-900">Review {preview.name} {preview.version}</h3>
            <p className="text-sm text-slate-600">
              <span className="font-mono">{preview.slug}</span> · {preview.operations.length} operations
              {preview.webhooks ? ` · ${preview.webhooks} webhooks` : ""}
              {preview.convertedFrom ? ` · converted from Swagger ${preview.convertedFrom}` : ""}
              {preview.generatedOperationIds ? ` · ${preview.generatedOperationIds} operationIds generated from method and path` : ""}
            </p>
            <p className="mt-1 text-xs text-slate-500">Your decisions are stored beside the spec, never written into it.</p>
          </div>

          {Object.keys(scopes).length ? (
            <fieldset className="space-y-2">
              <legend className="text-sm font-semibold text-slate-800">Scopes for operations the spec leaves without one</legend>
              <p className="text-xs text-slate-500">The sandbox requires these; the default is <code>{preview.slug}:read</code> for GET and HEAD and <code>{preview.slug}:write</code> otherwise. Separate several with spaces.</p>
              {Object.keys(scopes).map((key) => (
                <div key={key} className="flex flex-col gap-1 sm:flex-row sm:items-center sm:gap-3">
                  <label htmlFor={`scope-${key}`} className="font-mono text-xs text-slate-700 sm:w-1/2 sm:break-all">{key}</label>
                  <input id={`scope-${key}`} aria-label={`Scopes for ${key}`} value={scopes[key]} onChange={(e) => setScopes({ ...scopes, [key]: e.target.value })} className="w-full rounded-md border border-slate-300 px-2 py-1 font-mono text-sm sm:w-1/2" />
                </div>
              ))}
            </fieldset>
          ) : null}

          {marks.length ? (
            <fieldset className="space-y-2">
              <legend className="text-sm font-semibold text-slate-800">Account identifiers</legend>
              <p className="text-xs text-slate-500">Confirmed identifiers are checked by the sandbox: an app may name only its approved accounts there. Leave out fields that name someone else&apos;s account (a payee).</p>
              {preview.specMarksAccounts ? <p className="text-xs text-slate-500">The spec marks account identifiers itself (<code>x-portico-account</code>); those are checked in any case. These further fields are suggestions, not ticked.</p> : null}
              <ul className="space-y-2">
                {marks.map((m, i) => (
                  <li key={`${m.mark.operation} ${markLabel(m.mark)}`} className="flex flex-col gap-1 rounded border border-slate-100 p-2 sm:flex-row sm:items-center sm:gap-3">
                    <label className="flex flex-1 items-start gap-2 text-sm">
                      <input type="checkbox" checked={m.confirmed && !noAccountScoping} disabled={noAccountScoping} onChange={(e) => setMarks(marks.map((x, j) => (j === i ? { ...x, confirmed: e.target.checked } : x)))} className="mt-1" />
                      <span>
                        <span className="font-mono text-xs">{m.mark.operation}</span> <Badge>{markLabel(m.mark)}</Badge>
                        <span className="block text-xs text-slate-500">{m.mark.reason}</span>
                      </span>
                    </label>
                    <select aria-label={`Kind of ${m.mark.operation} ${markLabel(m.mark)}`} value={m.kind} disabled={noAccountScoping} onChange={(e) => setMarks(marks.map((x, j) => (j === i ? { ...x, kind: e.target.value as "id" | "iban" } : x)))} className="rounded-md border border-slate-300 px-2 py-1 text-sm">
                      <option value="id">account id</option>
                      <option value="iban">IBAN</option>
                    </select>
                  </li>
                ))}
              </ul>
              <label className="flex items-start gap-2 text-sm text-slate-800">
                <input type="checkbox" checked={noAccountScoping} onChange={(e) => setNoAccountScoping(e.target.checked)} className="mt-1" />
                <span>Publish without account scoping: the sandbox will not check which accounts a request names. This decision is recorded in the audit trail.</span>
              </label>
            </fieldset>
          ) : null}

          <div className="flex flex-wrap gap-2">
            <Button type="button" onClick={onConfirm} disabled={pending}>{pending ? "Publishing…" : "Confirm and publish"}</Button>
            <Button type="button" variant="secondary" onClick={() => { reset(); setFile(null); }} disabled={pending}>Cancel</Button>
          </div>
        </section>
      ) : null}
    </div>
  );
}
