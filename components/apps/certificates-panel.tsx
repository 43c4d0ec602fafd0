"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge, Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { TextArea } from "@/components/ui/field";
import { callApi, type Problem, ProblemAlert } from "@/components/ui/problem";
import { formatDate } from "./format";

type Cert = { id: string; thumbprint: string; subject: string; issuer: string; serialNumber: string; selfSigned: boolean; notBefore: string; notAfter: string; expiry: "ok" | "expiring" | "expired" };

/** Client certificates for mutual TLS: add a PEM, see expiry warnings, remove at once. */
export function CertificatesPanel(props: { appId: string; certificates: Cert[]; warningDays: number; canManage: boolean }) {
  const router = useRouter();
  const [pem, setPem] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function add(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const result = await callApi(`/api/apps/${props.appId}/certificates`, "POST", { pem });
    setBusy(false);
    if (!result.ok) return setProblem(result.problem);
    setPem("");
    router.refresh();
  }

  async function remove(cert: Cert) {
    if (!window.confirm(`Remove the certificate ${cert.subject}? Mutual TLS with it stops at once.`)) return;
    const result = await callApi(`/api/apps/${props.appId}/certificates/${cert.id}`, "DELETE");
    if (!result.ok) return setProblem(result.problem);
    router.refresh();
  }

  return (
    <Card>
      <h2 className="text-lg font-semibold text-slate-900">Client certificates</h2>
      <p className="mt-1 text-sm text-slate-600">For mutual TLS (RFC 8705): tokens can be bound to a certificate. The portal warns {props.warningDays} days before one expires.</p>
      {props.certificates.length ? (
        <ul className="mt-3 divide-y divide-slate-100">
          {props.certificates.map((c) => (
            <li key={c.id} className="flex flex-wrap items-start justify-between gap-2 py-3 text-sm">
              <div className="min-w-0">
                <p className="font-medium text-slate-900">
                  {c.subject} {c.selfSigned ? <Badge>self-signed</Badge> : null}{" "}
                  {c.expiry === "expiring" ? <Badge tone="amber">Expires soon</Badge> : c.expiry === "expired" ? <Badge tone="red">Expired</Badge> : <Badge tone="green">Valid</Badge>}
                </p>
                <p className="text-xs text-slate-600">Issuer {c.issuer} · valid {formatDate(c.notBefore)} to {formatDate(c.notAfter)}</p>
                <p className="break-all font-mono text-xs text-slate-600">x5t#S256 {c.thumbprint}</p>
              </div>
              {props.canManage ? <Button variant="ghost" onClick={() => void remove(c)} aria-label={`Remove certificate ${c.subject}`}>Remove</Button> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-3 text-sm text-slate-600">No certificates.</p>
      )}
      {props.canManage ? (
        <form onSubmit={add} className="mt-4 space-y-3" noValidate>
          <ProblemAlert problem={problem} />
          <TextArea label="Add a certificate (PEM)" name="pem" rows={5} value={pem} onChange={(e) => setPem(e.target.value)} placeholder="-----BEGIN CERTIFICATE-----" hint="The certificate only — never the private key." />
          <Button type="submit" variant="secondary" disabled={busy || !pem.trim()}>{busy ? "Adding…" : "Add certificate"}</Button>
        </form>
      ) : null}
    </Card>
  );
}
