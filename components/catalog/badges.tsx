import { Badge } from "@/components/ui/card";

const METHOD_TONE = { GET: "blue", POST: "green", PUT: "amber", PATCH: "amber", DELETE: "red" } as const;

export function MethodBadge({ method }: { method: string }) {
  return (
    <span className="inline-block w-16 shrink-0 text-center font-mono">
      <Badge tone={METHOD_TONE[method as keyof typeof METHOD_TONE] ?? "gray"}>{method}</Badge>
    </span>
  );
}

export function LifecycleBadge({ lifecycle }: { lifecycle: string }) {
  if (lifecycle === "published") return <Badge tone="green">published</Badge>;
  if (lifecycle === "deprecated") return <Badge tone="amber">deprecated</Badge>;
  return <Badge tone="red">retired</Badge>;
}

export function VisibilityBadge({ visibility }: { visibility: string }) {
  return visibility === "restricted" ? <Badge tone="blue">restricted</Badge> : <Badge>all registered developers</Badge>;
}
