import { Card } from "@/components/ui/card";

/**
 * How a developer rehearses a customer's consent (authorization code + PAR +
 * PKCE): the endpoints, the app's redirect URIs, and the sandbox customers'
 * test credentials (their login id, and the one documented sandbox password).
 */
export function CustomerConsentCard(props: {
  gatewayUrl: string;
  redirectUris: string[];
  customers: { name: string; loginId: string }[];
  password: string;
}) {
  return (
    <Card>
      <h2 className="text-lg font-semibold text-slate-900">Customer consent</h2>
      <p className="mt-1 text-sm text-slate-600">
        Push the request to <code className="font-mono text-xs [overflow-wrap:anywhere]">{props.gatewayUrl}/oauth2/par</code>, send the customer to{" "}
        <code className="font-mono text-xs [overflow-wrap:anywhere]">/oauth2/authorize</code>, and redeem the code with PKCE at the token endpoint.
      </p>
      <h3 className="mt-4 text-xs font-semibold uppercase tracking-wide text-slate-500">Redirect URIs</h3>
      {props.redirectUris.length ? (
        <ul className="mt-1 space-y-1 font-mono text-xs text-slate-800 [overflow-wrap:anywhere]">
          {props.redirectUris.map((uri) => <li key={uri}>{uri}</li>)}
        </ul>
      ) : (
        <p className="mt-1 text-sm text-slate-600">None yet: add one when you edit the app.</p>
      )}
      <h3 className="mt-4 text-xs font-semibold uppercase tracking-wide text-slate-500">Test customers</h3>
      <p className="mt-1 text-sm text-slate-600">
        Sign in on the sandbox bank&apos;s page as one of them; every sandbox customer&apos;s password is{" "}
        <code className="rounded bg-slate-100 px-1 font-mono text-xs" data-testid="sandbox-customer-password">{props.password}</code> (sandbox only).
      </p>
      <ul className="mt-2 space-y-1 text-sm" data-testid="sandbox-customer-logins">
        {props.customers.map((c) => (
          <li key={c.loginId}>
            <span className="font-medium text-slate-900">{c.name}</span> <span className="font-mono text-xs text-slate-600 [overflow-wrap:anywhere]">{c.loginId}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
