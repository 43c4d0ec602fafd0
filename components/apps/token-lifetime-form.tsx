"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { callApi, ProblemAlert } from "@/components/ui/problem";
import { useFormProblem } from "@/components/ui/use-form-problem";

const LABELS = { tokenLifetimeSeconds: "Access-token lifetime override (seconds)" };

/** Admins set a per-app access-token lifetime within the bank's bounds, or go back to the default. */
export function TokenLifetimeForm(props: { appId: string; current: number | null; min: number; max: number; defaultSeconds: number }) {
  const router = useRouter();
  const [value, setValue] = useState(props.current?.toString() ?? "");
  const form = useFormProblem(LABELS);
  const [saved, setSaved] = useState(false);
  async function save(tokenLifetimeSeconds: number | null) {
    form.show(null);
    setSaved(false);
    const result = await callApi(`/api/admin/apps/${props.appId}/token-lifetime`, "PUT", { tokenLifetimeSeconds });
    if (!result.ok) return form.show(result.problem);
    setSaved(true);
    if (tokenLifetimeSeconds === null) setValue("");
    router.refresh();
  }
  return (
    <form
      className="space-y-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save(value.trim() === "" ? null : Number(value));
      }}
    >
      <ProblemAlert problem={form.alert} labels={LABELS} />
      {saved ? <p role="status" className="text-sm text-emerald-700">Saved.</p> : null}
      <Field
        label={LABELS.tokenLifetimeSeconds}
        name="tokenLifetimeSeconds"
        type="number"
        min={props.min}
        max={props.max}
        value={value}
        onChange={(e) => (form.edited("tokenLifetimeSeconds"), setValue(e.target.value))}
        error={form.error("tokenLifetimeSeconds")}
        hint={`Between ${props.min} and ${props.max}. Empty means the bank default (${props.defaultSeconds} s).`}
      />
      <div className="flex gap-2">
        <Button type="submit" variant="secondary">Save lifetime</Button>
        {props.current !== null ? <Button type="button" variant="ghost" onClick={() => void save(null)}>Use the default</Button> : null}
      </div>
    </form>
  );
}
