"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ProblemAlert, send, type Problem } from "@/components/ui/problem";

export function LifecycleSelect({ slug, version, lifecycle }: { slug: string; version: string; lifecycle: string }) {
  const router = useRouter();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);
  const id = `lifecycle-${slug}-${version}`;

  async function change(next: string) {
    setPending(true);
    setProblem(null);
    const result = await send(`/api/admin/catalog/apis/${encodeURIComponent(slug)}/versions/${encodeURIComponent(version)}/lifecycle`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ lifecycle: next }),
    });
    setPending(false);
    if (!result.ok) return setProblem(result.problem);
    router.refresh();
  }

  return (
    <div>
      <label htmlFor={id} className="sr-only">Lifecycle of {slug} {version}</label>
      <select id={id} defaultValue={lifecycle} disabled={pending} onChange={(e) => void change(e.target.value)} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
        <option value="published">published</option>
        <option value="deprecated">deprecated</option>
        <option value="retired">retired</option>
      </select>
      {problem ? <div className="mt-2"><ProblemAlert problem={problem} /></div> : null}
    </div>
  );
}
