"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ProblemAlert, send, type Problem } from "@/components/ui/problem";

type Org = { slug: string; name: string };

export function VisibilityForm({ slug, visibility, selected, organisations }: { slug: string; visibility: string; selected: string[]; organisations: Org[] }) {
  const router = useRouter();
  const [mode, setMode] = useState(visibility);
  const [chosen, setChosen] = useState(new Set(selected));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setPending(true);
    setProblem(null);
    setSaved(false);
    const result = await send(`/api/admin/catalog/apis/${encodeURIComponent(slug)}/visibility`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ visibility: mode, organisationSlugs: mode === "restricted" ? [...chosen] : [] }),
    });
    setPending(false);
    if (!result.ok) return setProblem(result.problem);
    setSaved(true);
    router.refresh();
  }

  return (
    <form onSubmit={save} className="space-y-2 text-sm">
      <fieldset>
        <legend className="font-medium text-slate-800">Who can see it</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {[["registered", "All registered developers"], ["restricted", "Named organisations only"]].map(([value, label]) => (
            <label key={value} className="flex items-center gap-1.5">
              <input type="radio" name={`visibility-${slug}`} value={value} checked={mode === value} onChange={() => setMode(value!)} />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      {mode === "restricted" ? (
        <fieldset className="max-h-40 overflow-auto rounded border border-slate-200 p-2">
          <legend className="px-1 text-xs text-slate-600">Organisations</legend>
          {organisations.map((o) => (
            <label key={o.slug} className="flex items-center gap-1.5">
              <input
                type="checkbox"
                checked={chosen.has(o.slug)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(o.slug);
                  else next.delete(o.slug);
                  setChosen(next);
                }}
              />
              {o.name}
            </label>
          ))}
        </fieldset>
      ) : null}
      <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Saving…" : "Save visibility"}</Button>
      {saved ? <span role="status" className="ml-2 text-emerald-700">Saved</span> : null}
      {problem ? <ProblemAlert problem={problem} /> : null}
    </form>
  );
}
