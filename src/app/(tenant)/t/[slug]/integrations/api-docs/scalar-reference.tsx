"use client";

import { ApiReferenceReact } from "@scalar/api-reference-react";
import "@scalar/api-reference-react/style.css";

/**
 * The reference itself, configured to work offline and to talk only to this site: no web fonts, no
 * telemetry, no AI agent or MCP panel (those call Scalar's servers), and no proxy, so "try it"
 * requests go straight to this installation's API.
 */
export default function ScalarReference({ document }: { document: object }) {
  return (
    <div className="api-reference -mx-4 rounded-lg bg-white ring-1 ring-slate-200 sm:mx-0">
      <ApiReferenceReact
        configuration={{
          content: document,
          withDefaultFonts: false,
          telemetry: false,
          agent: { disabled: true },
          mcp: { disabled: true },
          showDeveloperTools: "never",
          hideDarkModeToggle: true,
          forceDarkModeState: "light",
          documentDownloadType: "json",
          defaultOpenAllTags: true,
          authentication: { preferredSecurityScheme: "apiKey" },
        }}
      />
    </div>
  );
}
