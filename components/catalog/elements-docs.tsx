"use client";
// Renders one API version with Stoplight Elements' <elements-api> web
// component, loaded only here, without its own try-it panel. The server URL
// is the sandbox's, so its code samples show the URL a developer calls.
import { useEffect, useMemo, useRef, useState } from "react";
import "./elements-theme.css";

type ElementsApi = HTMLElement;

export function ElementsDocs({ spec, serverUrl, assetVersion }: { spec: Record<string, unknown>; serverUrl: string; assetVersion: string }) {
  const container = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const document_ = useMemo(() => ({ ...spec, servers: [{ url: serverUrl, description: "Sandbox" }] }), [spec, serverUrl]);

  useEffect(() => {
    const src = `/api/catalog/elements/web-components.min.js?v=${assetVersion}`;
    let script = document.querySelector<HTMLScriptElement>(`script[data-elements]`);
    if (!script) {
      script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.dataset.elements = "1";
      script.onerror = () => setFailed(true);
      document.head.appendChild(script);
    }
    let cancelled = false;
    let element: ElementsApi | undefined;
    void customElements.whenDefined("elements-api").then(() => {
      if (cancelled || !container.current) return;
      element = document.createElement("elements-api") as ElementsApi;
      // Elements reads its props from attributes when connected and types the
      // document as a string, so it gets JSON text, not an object.
      element.setAttribute("apiDescriptionDocument", JSON.stringify(document_));
      element.setAttribute("router", "hash");
      // A sidebar on wide screens; on a phone the navigation collapses into a menu.
      element.setAttribute("layout", "responsive");
      element.setAttribute("hideExport", "true"); // downloads are on the API page, with the sandbox servers
      // One try-it: the portal's own panel (try-it-docs.tsx), which calls the
      // sandbox through the server-side token path. Elements' "Send API
      // request" cannot get a token without a secret in the browser.
      element.setAttribute("hideTryIt", "true");
      container.current.replaceChildren(element);
    });
    return () => {
      cancelled = true;
      element?.remove();
    };
  }, [document_, assetVersion]);

  return (
    <>
      {/* React 19 hoists this into <head>; it is only ever on this page. */}
      <link rel="stylesheet" href={`/api/catalog/elements/styles.min.css?v=${assetVersion}`} precedence="default" />
      {failed ? <p role="alert" className="text-sm text-red-700">The documentation viewer could not be loaded. Download the spec instead.</p> : null}
      <div ref={container} data-testid="elements-container" className="elements-container min-h-[70vh] rounded-lg border border-slate-200 bg-white">
        <p className="p-6 text-sm text-slate-500">Loading documentation…</p>
      </div>
    </>
  );
}
