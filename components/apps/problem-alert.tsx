import { Alert } from "@/components/ui/card";
import type { Problem } from "./api-call";

export function ProblemAlert({ problem }: { problem: Problem | null }) {
  if (!problem) return null;
  return (
    <Alert tone="error">
      <p className="font-semibold">{problem.title}</p>
      {problem.violations?.length ? (
        <ul className="mt-1 list-disc pl-5">
          {problem.violations.map((v, i) => (
            <li key={i}>{v.message}</li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
