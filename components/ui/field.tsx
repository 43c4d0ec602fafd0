import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from "react";

const control = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600";

export function Field({ label, name, error, hint, ...props }: InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; error?: string; hint?: ReactNode }) {
  const describedBy = error ? `${name}-error` : hint ? `${name}-hint` : undefined;
  return (
    <div>
      <label htmlFor={props.id ?? name} className="block text-sm font-medium text-slate-800">{label}</label>
      <input id={props.id ?? name} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={control} {...props} />
      {hint && !error ? <p id={`${name}-hint`} className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      {error ? <p id={`${name}-error`} className="mt-1 text-xs text-red-700">{error}</p> : null}
    </div>
  );
}

export function TextArea({ label, name, error, hint, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; name: string; error?: string; hint?: ReactNode }) {
  return (
    <div>
      <label htmlFor={props.id ?? name} className="block text-sm font-medium text-slate-800">{label}</label>
      <textarea id={props.id ?? name} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? `${name}-error` : undefined} className={control} {...props} />
      {hint && !error ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      {error ? <p id={`${name}-error`} className="mt-1 text-xs text-red-700">{error}</p> : null}
    </div>
  );
}

/** A group's error (checkboxes in a fieldset), announced like a field's. */
export function FieldsetError({ id, message }: { id: string; message?: string }) {
  return message ? <p id={id} role="alert" className="mt-2 text-sm text-red-700">{message}</p> : null;
}
