"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatDateTime } from "@/components/apps/format";
import { Button } from "@/components/ui/button";
import { callApi, type Problem, ProblemAlert } from "@/components/ui/problem";

type Advanced = { now: string; paymentsBooked: string[]; standingOrderPayments: string[]; standingOrderRunsSkippedForFunds: number };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The organisation's sandbox clock and its advance (audited on the server; payments and standing orders due by then run). */
export function SandboxClockPanel(props: { now: string; offsetSeconds: number }) {
  const router = useRouter();
  const [amount, setAmount] = useState("3");
  const [unit, setUnit] = useState<"days" | "hours">("days");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ahead = props.offsetSeconds >= 86_400 ? plural(Math.floor((props.offsetSeconds / 86_400) * 10) / 10, "day") : plural(Math.round(props.offsetSeconds / 3600), "hour");

  async function advance(by: { days?: number; hours?: number }) {
    setBusy(true);
    setProblem(null);
    setDone(null);
    const result = await callApi<Advanced>("/api/sandbox/clock/advance", "POST", by);
    setBusy(false);
    if (!result.ok) return setProblem(result.problem);
    const d = result.data;
    const parts = [
      `${plural(d.paymentsBooked.length, "pending payment")} booked`,
      `${plural(d.standingOrderPayments.length, "standing-order payment")} made`,
      ...(d.standingOrderRunsSkippedForFunds ? [`${plural(d.standingOrderRunsSkippedForFunds, "run")} skipped for insufficient funds`] : []),
    ];
    setDone(`Sandbox time is now ${formatDateTime(d.now)}: ${parts.join(", ")}.`);
    router.refresh();
  }
  const custom = (event: React.FormEvent) => {
    event.preventDefault();
    const n = Number(amount);
    void advance(unit === "days" ? { days: n } : { hours: n });
  };

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">
        Sandbox time <span className="font-mono font-medium text-slate-900" data-testid="sandbox-now">{formatDateTime(props.now)}</span>
        {props.offsetSeconds > 0 ? <span className="text-slate-600"> ({ahead} ahead of real time)</span> : <span className="text-slate-600"> (real time)</span>}
      </p>
      <ProblemAlert problem={problem} />
      {done ? <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">{done}</p> : null}
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={() => void advance({ days: 1 })} disabled={busy}>Advance 1 day</Button>
        <Button variant="secondary" onClick={() => void advance({ days: 7 })} disabled={busy}>Advance 1 week</Button>
      </div>
      <form onSubmit={custom} className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="clock-amount" className="block text-sm font-medium text-slate-900">Advance by</label>
          <input id="clock-amount" type="number" min={1} step={1} value={amount} onChange={(e) => setAmount(e.target.value)} className="mt-1 block w-24 rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
        </div>
        <div>
          <label htmlFor="clock-unit" className="sr-only">Unit</label>
          <select id="clock-unit" value={unit} onChange={(e) => setUnit(e.target.value as "days" | "hours")} className="block rounded-md border border-slate-300 px-2 py-1.5 text-sm">
            <option value="days">days</option>
            <option value="hours">hours</option>
          </select>
        </div>
        <Button type="submit" variant="secondary" disabled={busy}>Advance</Button>
      </form>
      <p className="text-xs text-slate-500">Payments held for review book one sandbox day after they were made; scheduled payments and standing orders run when the clock reaches their date. Tokens, certificates, rate limits and the audit trail keep real time.</p>
    </div>
  );
}
