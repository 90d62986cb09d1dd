"use client";

/** A row of buttons choosing one of a few options (a period, a filter): the pressed one is the choice. */
export function ToggleGroup<T extends string>({ label, options, value, onChange, size = "xs" }: { label: string; options: ReadonlyArray<{ value: T; label: string }>; value: NoInfer<T>; onChange(value: T): void; size?: "xs" | "sm" }) {
  return (
    <div role="group" aria-label={label} className="inline-flex rounded-md shadow-sm ring-1 ring-slate-300">
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={value === o.value}
          onClick={() => onChange(o.value)}
          className={`px-3 ${size === "xs" ? "py-1.5" : "py-2"} text-xs font-medium first:rounded-l-md last:rounded-r-md ${value === o.value ? "bg-teal-700 text-white" : "bg-white text-slate-700 hover:bg-slate-50"}`}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
