"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { ProblemAlert, send, type Problem } from "@/components/ui/problem";

type Published = { status: "created" | "unchanged"; name: string; slug: string; version: string; operations: number };

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
        <input id="spec" name="spec" type="file" required accept=".yaml,.yml,.json,.zip,application/json,application/yaml,application/zip" aria-describedby="spec-hint" className="mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:font-semibold file:text-brand-800 hover:file:bg-brand-100" />
        <p id="spec-hint" className="mt-1 text-xs text-slate-500">
          OpenAPI 3.0 or 3.1 with the <code>bankOAuth</code> client-credentials scheme and scopes on every operation. <code>info.version</code> names the version; re-uploading the same content changes nothing. A spec split over several files: upload them as one .zip (the root file and the files its <code>$ref</code>s name).
        </p>
      </div>
      <Button type="submit" disabled={pending}>{pending ? "Validating and publishing…" : "Publish spec"}</Button>
      {problem ? <ProblemAlert problem={problem} /> : null}
      {done ? (
        <Alert tone="success">
          {done.status === "created" ? `Published ${done.name} ${done.version} with ${done.operations} operations.` : `${done.name} ${done.version} is already published with this content; nothing changed.`}
        </Alert>
      ) : null}
    </form>
  );
}
