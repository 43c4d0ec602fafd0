import { ReasonAction } from "./reason-action";

const WHAT = {
  developers: {
    noun: "developer",
    suspend: "Their sessions end at once and every app they own is suspended with its tokens revoked.",
    reinstate: "They may sign in again. Their apps stay suspended until an admin and a compliance officer reinstate each one.",
  },
  organisations: {
    noun: "organisation",
    suspend: "Every session of its people ends at once and all of its apps are suspended with their tokens revoked.",
    reinstate:
      "Its people may sign in again (individually suspended developers stay suspended). Its apps stay suspended until an admin and a compliance officer reinstate each one.",
  },
} as const;

/** Suspend or reinstate a developer or an organisation, with a mandatory reason (compliance only; the route checks again). */
export function SuspensionActions({ kind, id, name, suspended }: { kind: keyof typeof WHAT; id: string; name: string; suspended: boolean }) {
  const what = WHAT[kind];
  return suspended ? (
    <ReasonAction
      action={`/api/compliance/${kind}/${id}/reinstate`}
      label={`Reinstate ${what.noun}`}
      variant="primary"
      title={`Reinstate ${name}?`}
      description={what.reinstate}
    />
  ) : (
    <ReasonAction action={`/api/compliance/${kind}/${id}/suspend`} label={`Suspend ${what.noun}`} title={`Suspend ${name}?`} description={what.suspend} />
  );
}
