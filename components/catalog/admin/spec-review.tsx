"use client";
// The review step before publishing, for a fresh upload and for a stored
// draft alike: the default scopes of operations the spec leaves without one,
// the proposed account identifiers, what is still missing and the scorecard.
// The admin changes or confirms them; onConfirm gets the overlay
// (lib/catalog/spec-overlay.ts) to publish with.
import { useState } from "react";
import { Alert, Badge } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { ScoreSummary } from "@/components/catalog/scorecard-panel";
import type { SpecPreview } from "@/lib/catalog/preview-spec";

export type ReviewedOverlay = { scopes: Record<string, string[]>; accountMarks: object[]; noAccountScoping: boolean; sandboxBindings: object[] };
type MarkChoice = { mark: SpecPreview["proposedAccountMarks"][number]; confirmed: boolean; kind: "id" | "iban" };

const markLabel = (m: MarkChoice["mark"]) => (m.in === "body" ? `body ${m.path.join(".")}` : `${m.in} ${m.name}`);

export function SpecReview({ preview, pending, onConfirm, onCancel, cancelLabel = "Cancel" }: { preview: SpecPreview; pending: boolean; onConfirm: (overlay: ReviewedOverlay) => void; onCancel: () => void; cancelLabel?: string }) {
  const [scopes, setScopes] = useState<Record<string, string>>(() => Object.fromEntries(Object.entries(preview.proposedScopes).map(([k, v]) => [k, v.join(" ")])));
  // A spec that marks accounts itself may have left these out on purpose (a payee): offered, not ticked.
  const [marks, setMarks] = useState<MarkChoice[]>(() => preview.proposedAccountMarks.map((mark) => ({ mark, confirmed: !preview.specMarksAccounts, kind: mark.kind })));
  const [noAccountScoping, setNoAccountScoping] = useState(false);

  function confirm() {
    onConfirm({
      scopes: Object.fromEntries(Object.entries(scopes).map(([k, v]) => [k, v.split(/\s+/).filter(Boolean)])),
      accountMarks: noAccountScoping
        ? []
        : marks.filter((m) => m.confirmed).map(({ mark, kind }) => (mark.in === "body" ? { operation: mark.operation, in: "body", path: mark.path, kind } : { operation: mark.operation, in: mark.in, name: mark.name, kind })),
      noAccountScoping,
      // Kept as the import's overlay gave them: this screen does not edit bindings.
      sandboxBindings: preview.decided.sandboxBindings,
    });
  }

  return (
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

      {preview.missing.length ? (
        <Alert tone="warning">
          <p className="font-semibold">Decisions the import did not give</p>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-sm" aria-label="Missing decisions">
            {preview.missing.map((m) => <li key={`${m.pointer}${m.message}`}>{m.message}</li>)}
          </ul>
        </Alert>
      ) : null}

      {preview.scorecard ? (
        <div className="rounded border border-slate-100 p-3">
          <h4 className="text-sm font-semibold text-slate-800">Scorecard</h4>
          <div className="mt-1"><ScoreSummary scorecard={preview.scorecard} /></div>
          {preview.scorecard.failedRules.length ? (
            <ul className="mt-2 space-y-1 text-sm" aria-label="Rules the spec breaks">
              {preview.scorecard.failedRules.slice(0, 5).map((r) => (
                <li key={r.rule}><span className="font-mono text-xs">{r.rule}</span> <span className="text-slate-600">× {r.count}</span></li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

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
        <Button type="button" onClick={confirm} disabled={pending}>{pending ? "Publishing…" : "Confirm and publish"}</Button>
        <Button type="button" variant="secondary" onClick={onCancel} disabled={pending}>{cancelLabel}</Button>
      </div>
    </section>
  );
}
