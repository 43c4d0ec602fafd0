"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { ProblemAlert, send, type Problem } from "@/components/ui/problem";
import { ScoreSummary } from "@/components/catalog/scorecard-panel";
import type { PublishResult } from "@/lib/catalog/publish-spec";

type Published = Pick<PublishResult, "status" | "name" | "slug" | "version" | "operations" | "scorecard" | "changes">;

export function UploadSpecForm() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<Published | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setPending(true);
    setProblem(null);
    setDone(null);
    const result = await send<Published>("/api/admin/catalog/specs", { method: "POST", body: new FormData(form) });
    setPending(false);
    if (!result.ok) return setProblem(result.problem);
    setDone(result.body);
    form.reset();
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3">
      <div>
        <label htmlFor="spec" className="block text-sm font-medium text-slate-800">OpenAPI spec (YAML or JSON)</label>
        <input id="spec" name="spec" type="file" required accept=".yaml,.yml,.json,application/json,application/yaml" aria-describedby="spec-hint" className="mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:font-semibold file:text-brand-800 hover:file:bg-brand-100" />
        <p id="spec-hint" className="mt-1 text-xs text-slate-500">
          OpenAPI 3.0 or 3.1 with the <code>bankOAuth</code> client-credentials scheme and scopes on every operation. <code>info.version</code> names the version; re-uploading the same content changes nothing.
        </p>
      </div>
      <Button type="submit" disabled={pending}>{pending ? "Validating and publishing…" : "Publish spec"}</Button>
      {problem ? <ProblemAlert problem={problem} /> : null}
      {done ? (
        <div className="space-y-3">
          <Alert tone="success">
            {done.status === "created" ? `Published ${done.name} ${done.version} with ${done.operations} operations.` : `${done.name} ${done.version} is already published with this content; nothing changed.`}
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
    </form>
  );
}
