import Link from "next/link";
import type { SessionUser } from "@/lib/authz/load-session-user";
import { NAV_BY_ROLE } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

export function SiteHeader({ user, unread = 0 }: { user: SessionUser | null; unread?: number }) {
  return (
    <header className="bg-brand-800 text-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href={user ? "/dashboard" : "/"} className="flex items-center gap-2 text-lg font-bold tracking-tight">
          <span aria-hidden className="grid h-7 w-7 place-items-center rounded bg-white text-sm font-black text-brand-800">P</span>
          Portico
        </Link>
        {user ? (
          <nav aria-label="Main" className="flex flex-1 flex-wrap items-center gap-1">
            {NAV_BY_ROLE[user.role].map((item) => (
              <Link key={item.href} href={item.href} className="rounded-md px-2.5 py-1.5 text-sm text-slate-100 hover:bg-white/10 hover:text-white">
                {item.label}
              </Link>
            ))}
          </nav>
        ) : (
          <div className="flex-1" />
        )}
        {user ? (
          <div className="flex items-center gap-3 text-sm">
            <Link href="/notifications" className="relative rounded-md px-2 py-1 text-slate-100 hover:bg-white/10" aria-label={`Notifications${unread ? `, ${unread} unread` : ""}`}>
              Notifications
              {unread ? <span className="ml-1 rounded-full bg-amber-400 px-1.5 text-xs font-bold text-slate-900">{unread}</span> : null}
            </Link>
            <Link href="/profile" className="rounded-md px-2 py-1 text-slate-100 hover:bg-white/10" title={user.email} aria-label={`Your profile (${user.name})`}>
              <span className="md:hidden">Profile</span>
              <span className="hidden md:inline">
                {user.name} · <span className="capitalize">{user.role}</span>
                {user.organisationName ? ` · ${user.organisationName}` : ""}
              </span>
            </Link>
            <SignOutButton />
          </div>
        ) : (
          <nav aria-label="Account" className="flex items-center gap-2 text-sm">
            <Link href="/signin" className="rounded-md px-3 py-1.5 hover:bg-white/10">Sign in</Link>
            <Link href="/signup" className="rounded-md bg-white px-3 py-1.5 font-semibold text-brand-800 hover:bg-brand-50">Create account</Link>
          </nav>
        )}
      </div>
    </header>
  );
}
