"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ProblemAlert, send, type Problem } from "@/components/ui/problem";

/** A version's lifecycle, and for a deprecated one its sunset date (the sandbox's Sunset header). */
export function LifecycleSelect({ slug, version, lifecycle, sunsetAt }: { slug: string; version: string; lifecycle: string; sunsetAt: string | null }) {
  const router = useRouter();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);
  const [sunset, setSunset] = useState(sunsetAt?.slice(0, 10) ?? "");
  const id = `lifecycle-${slug}-${version}`;

  async function change(body: { lifecycle: string; sunsetAt?: string | null }) {
    setPending(true);
    setProblem(null);
    const result = await send(`/api/admin/catalog/apis/${encodeURIComponent(slug)}/versions/${encodeURIComponent(version)}/lifecycle`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    setPending(false);
    if (!result.ok) return setProblem(result.problem);
    router.refresh();
  }

  return (
    <div>
      <label htmlFor={id} className="sr-only">Lifecycle of {slug} {version}</label>
      <select id={id} defaultValue={lifecycle} disabled={pending} onChange={(e) => void change({ lifecycle: e.target.value })} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
        <option value="published">published</option>
        <option value="deprecated">deprecated</option>
        <option value="retired">retired</option>
      </select>
      {lifecycle === "deprecated" ? (
        <form
          className="mt-1 flex flex-wrap items-center gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            void change({ lifecycle, sunsetAt: sunset || null });
          }}
        >
          <label htmlFor={`${id}-sunset`} className="text-xs text-slate-600">Sunset</label>
          <input id={`${id}-sunset`} type="date" value={sunset} onChange={(e) => setSunset(e.target.value)} className="rounded-md border border-slate-300 px-1 py-0.5 text-xs" />
          <button type="submit" disabled={pending} className="rounded-md px-2 py-0.5 text-xs font-semibold text-brand-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50">Save</button>
        </form>
      ) : null}
      {problem ? <div className="mt-2"><ProblemAlert problem={problem} /></div> : null}
    </div>
  );
}
