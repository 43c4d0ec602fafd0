"use client";
// The one way a form shows what the server refused (field-errors.ts): every
// violation beside its field at once, each cleared as soon as that field is
// changed, and the rest in the alert above the form, in words.
import { useCallback, useMemo, useState } from "react";
import { fieldErrors, unplacedProblem } from "./field-errors";
import type { Problem } from "./problem";

/**
 * `labels` names the fields the form shows (pointer's first segment → label);
 * a violation for any other field is listed in the alert under its label.
 */
export function useFormProblem(labels: Readonly<Record<string, string>> = {}) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [fixed, setFixed] = useState<ReadonlySet<string>>(new Set());
  const errors = useMemo(() => fieldErrors(problem?.violations), [problem]);

  const show = useCallback((next: Problem | null) => {
    setProblem(next);
    setFixed(new Set());
  }, []);
  /** Call from the field's onChange: its message goes until the next answer. */
  const edited = useCallback((field: string) => setFixed((s) => (s.has(field) ? s : new Set(s).add(field))), []);
  const error = (field: string) => (fixed.has(field) ? undefined : errors[field]);
  const alert = unplacedProblem(problem, (field) => field in labels, fixed);

  return { problem, show, edited, error, alert, labels };
}
