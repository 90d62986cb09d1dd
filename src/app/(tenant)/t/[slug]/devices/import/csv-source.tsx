"use client";

import { useId, useState } from "react";
import { DEVICE_CSV_COLUMNS, DEVICE_CSV_LIMITS, DEVICE_CSV_TEMPLATE } from "@/domain/devices";

/** Saves the template through a temporary blob: URL (a data: URL can be blocked as a navigation). */
function downloadTemplate() {
  const url = URL.createObjectURL(new Blob([DEVICE_CSV_TEMPLATE], { type: "text/csv;charset=utf-8" }));
  const link = Object.assign(document.createElement("a"), { href: url, download: "longreach-devices-template.csv" });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** Where the CSV comes from: a chosen or dropped file, or pasted text. Reports the text and its name. */
export function CsvSource({ onText, disabled }: { onText(text: string, name: string): void; disabled?: boolean }) {
  const id = useId();
  const [dragging, setDragging] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [pasted, setPasted] = useState("");

  async function readFile(file: File | undefined) {
    if (!file) return;
    setProblem(null);
    if (file.size > DEVICE_CSV_LIMITS.maxBytes) {
      setProblem(`${file.name} is ${(file.size / (1024 * 1024)).toFixed(1)} MiB; the limit is 1 MiB. Split it into smaller files.`);
      return;
    }
    onText(await file.text(), file.name);
  }

  return (
    <div className="space-y-4">
      <div
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          if (!disabled) void readFile(e.dataTransfer.files[0]);
        }}
        className={`rounded-lg border-2 border-dashed px-6 py-8 text-center ${dragging ? "border-teal-600 bg-teal-50" : "border-slate-300"}`}
      >
        <p className="text-sm text-slate-700">Drag a CSV file here, or</p>
        <label htmlFor={`${id}-file`} className="mt-2 inline-block cursor-pointer rounded-md bg-white px-3.5 py-2 text-sm font-semibold text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 focus-within:outline-2 focus-within:outline-teal-700 hover:bg-slate-50">
          Choose a file
          <input id={`${id}-file`} type="file" accept=".csv,text/csv" className="sr-only" disabled={disabled} onChange={(e) => void readFile(e.target.files?.[0])} />
        </label>
        <p className="mt-3 text-xs text-slate-500">
          Columns: {DEVICE_CSV_COLUMNS.join(", ")}. Only name, dev_eui and activation are needed in every file; latitude and longitude (decimal degrees) put a device on the map.{" "}
          <button type="button" onClick={downloadTemplate} className="font-medium text-teal-700 underline">
            Download a template
          </button>
        </p>
      </div>
      {problem && (
        <p role="alert" className="text-sm font-medium text-red-700">
          {problem}
        </p>
      )}
      <details className="rounded-md ring-1 ring-slate-200">
        <summary className="cursor-pointer px-4 py-2 text-sm font-medium text-slate-800">Or paste CSV text</summary>
        <div className="space-y-2 p-4 pt-2">
          <label htmlFor={`${id}-paste`} className="block text-sm text-slate-700">
            CSV text, with the header row first
          </label>
          <textarea
            id={`${id}-paste`}
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            rows={6}
            spellCheck={false}
            className="block w-full rounded-md border-0 px-3 py-2 font-mono text-xs shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-teal-600"
          />
          <button
            type="button"
            disabled={disabled || pasted.trim() === ""}
            onClick={() => onText(pasted, "pasted text")}
            className="rounded-md bg-white px-3 py-1.5 text-sm font-semibold text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:opacity-60"
          >
            Check pasted text
          </button>
        </div>
      </details>
    </div>
  );
}
