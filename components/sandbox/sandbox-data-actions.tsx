"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { callApi, type Problem, ProblemAlert } from "@/components/ui/problem";

/** Persona templates and the reset of the organisation's sandbox (both audited on the server). */
export function SandboxDataActions(props: { personas: { id: string; label: string; description: string }[] }) {
  const router = useRouter();
  const [persona, setPersona] = useState(props.personas[0]?.id ?? "");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(url: string, body: unknown, message: (data: Record<string, unknown>) => string) {
    setBusy(true);
    setProblem(null);
    setDone(null);
    const result = await callApi<Record<string, unknown>>(url, "POST", body);
    setBusy(false);
    if (!result.ok) return setProblem(result.problem);
    setDone(message(result.data));
    router.refresh();
  }
  const add = (event: React.FormEvent) => {
    event.preventDefault();
    void run("/api/sandbox/customers", { persona }, (d) => `Added a test customer from “${props.personas.find((p) => p.id === persona)?.label}” with ${(d.accounts as string[]).length} account(s).`);
  };
  const reset = () => {
    if (!window.confirm("Reset your organisation's sandbox to its seed? Customers you added are deleted, balances and transactions start again. Apps keep the seed accounts they were granted.")) return;
    void run("/api/sandbox/reset", undefined, (d) => `Sandbox reset: ${d.accountsCreated as number} seed accounts.${(d.grantsDropped as unknown[]).length ? ` ${(d.grantsDropped as unknown[]).length} grant(s) of deleted accounts removed.` : ""}`);
  };

  return (
    <div className="mt-4 space-y-3 border-t border-slate-100 pt-4">
      <ProblemAlert problem={problem} />
      {done ? <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">{done}</p> : null}
      <form onSubmit={add} className="space-y-2">
        <label htmlFor="persona" className="block text-sm font-medium text-slate-900">Add a test customer</label>
        <select id="persona" value={persona} onChange={(e) => setPersona(e.target.value)} className="block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm">
          {props.personas.map((p) => <option key={p.id} value={p.id}>{p.label} — {p.description}</option>)}
        </select>
        <Button type="submit" variant="secondary" disabled={busy}>Add customer</Button>
      </form>
      <Button variant="ghost" onClick={reset} disabled={busy}>Reset sandbox to its seed</Button>
    </div>
  );
}
