import { useId, type ReactNode, type TextareaHTMLAttributes } from "react";

type TextAreaFieldProps = TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; error?: string | string[]; hint?: ReactNode; mono?: boolean };

/** A labelled multi-line field with hint and error wired for screen readers, like TextField. */
export function TextAreaField({ label, error, hint, mono = false, className = "", ...props }: TextAreaFieldProps) {
  const id = useId();
  const message = Array.isArray(error) ? error[0] : error;
  const describedBy = [hint && !message ? `${id}-hint` : null, message ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        id={id}
        aria-describedby={describedBy}
        aria-invalid={Boolean(message)}
        className={`block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-teal-600 aria-[invalid=true]:ring-red-500 ${mono ? "font-mono text-xs leading-5" : ""} ${className}`}
        {...props}
      />
      {hint && !message && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {message && (
        <p id={`${id}-error`} className="text-xs font-medium text-red-700">
          {message}
        </p>
      )}
    </div>
  );
}
