import type { Metadata } from "next";
import type { ReactNode } from "react";
import { VerifyEmailBanner } from "@/components/auth/verify-email-banner";
import { SiteHeader } from "@/components/site-header";
import { currentUser } from "@/lib/auth/current-user";
import { countUnreadNotifications } from "@/lib/notifications/list-notifications";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Portico — bank API developer portal", template: "%s · Portico" },
  description: "Discover the bank's APIs, register apps and try them in the sandbox.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  const unread = user ? await countUnreadNotifications(user.id) : 0;
  return (
    <html lang="en">
      <body className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2">Skip to content</a>
        <SiteHeader user={user} unread={unread} />
        <main id="main" className="mx-auto max-w-7xl px-4 py-8 sm:px-6">
          {user && !user.emailVerified ? <VerifyEmailBanner email={user.email} /> : null}
          {children}
        </main>
        <footer className="mx-auto max-w-7xl px-4 pb-8 text-xs text-slate-500 sm:px-6">
          Portico — sandbox data is fictitious. Never send real customer data to the sandbox.
        </footer>
      </body>
    </html>
  );
}
