"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ProblemAlert, send, type Problem } from "@/components/ui/problem";

/** The catalogue's self-service switch for one API; saved on change, audited on the server. */
export function SelfServiceForm({ slug, name, selfService, restricted }: { slug: string; name: string; selfService: boolean; restricted: boolean }) {
  const router = useRouter();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);

  async function change(next: boolean) {
    setPending(true);
    setProblem(null);
    const result = await send(`/api/admin/catalog/apis/${encodeURIComponent(slug)}/self-service`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ selfService: next }),
    });
    setPending(false);
    if (!result.ok) return setProblem(result.problem);
    router.refresh();
  }

  return (
    <div className="text-sm">
      <label className="flex items-center gap-1.5 font-medium text-slate-800">
        <input type="checkbox" checked={selfService && !restricted} disabled={pending || (restricted && !selfService)} onChange={(e) => change(e.target.checked)} aria-describedby={`self-service-${slug}`} />
        Self-service in the sandbox<span className="sr-only"> for {name}</span>
      </label>
      <p id={`self-service-${slug}`} className="mt-0.5 text-xs text-slate-600">
        {restricted ? "Restricted APIs always go to review." : "Apps asking only for self-service APIs are approved at once by policy (Bank settings)."}
      </p>
      {problem ? <ProblemAlert problem={problem} /> : null}
    </div>
  );
}
