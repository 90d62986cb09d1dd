"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";

/**
 * The one modal: a native <dialog>, so focus moves inside and is trapped, Escape closes, and focus
 * returns to the opener. `footer` sits in the grey action bar (ConfirmDialog puts its buttons there);
 * forms put their own buttons in `children`.
 */
export function Dialog({ open, title, description, onClose, children, footer, size = "lg" }: { open: boolean; title: string; description?: ReactNode; onClose(): void; children?: ReactNode; footer?: ReactNode; size?: "md" | "lg" }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      aria-labelledby={titleId}
      className={`m-auto w-full ${size === "md" ? "max-w-md" : "max-w-lg"} rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40`}
    >
      <div className="space-y-4 p-6">
        <div>
          <h2 id={titleId} className="text-lg font-semibold text-slate-900">
            {title}
          </h2>
          {description && <div className="mt-1 text-sm text-slate-600">{description}</div>}
        </div>
        {open && children}
      </div>
      {footer && <div className="flex justify-end gap-2 bg-slate-50 px-6 py-3">{footer}</div>}
    </dialog>
  );
}
