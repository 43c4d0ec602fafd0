"use client";
import { useState } from "react";
import { Alert } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { callApi, ProblemAlert, type Problem } from "@/components/ui/problem";

type Choice = { event: string; label: string; on: boolean };

/** Which notifications also come by email; every notification still shows in the portal. */
export function MailPreferencesForm({ choices }: { choices: Choice[] }) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setSaved(false);
    setProblem(null);
    const result = await callApi("/api/account/mail-preferences", "PUT", Object.fromEntries(choices.map((c) => [c.event, form.get(c.event) === "on"])));
    setPending(false);
    if (!result.ok) return setProblem(result.problem);
    setSaved(true);
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3">
      <ProblemAlert problem={problem} />
      {saved ? <Alert tone="success">Saved.</Alert> : null}
      <fieldset className="space-y-2">
        <legend className="sr-only">Email me when</legend>
        {choices.map((c) => (
          <label key={c.event} className="flex items-start gap-2 text-sm text-slate-700">
            <input type="checkbox" name={c.event} defaultChecked={c.on} className="mt-0.5 h-4 w-4" />
            {c.label}
          </label>
        ))}
      </fieldset>
      <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save email choices"}</Button>
    </form>
  );
}
