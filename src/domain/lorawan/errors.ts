import type { z } from "zod";

/**
 * Input we cannot accept, from a person or from a network server. The message
 * says what was wrong and what is accepted, so it can be shown as-is.
 */
export class LorawanInputError extends Error {
  override name = "LorawanInputError";

  constructor(
    /** Which input was wrong: a form field name or a path into a JSON body. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * LoRa radio settings no transceiver can use, such as SF13 or a 123 Hz
 * bandwidth. A subclass so callers that reject bad input can catch one type.
 */
export class RadioParameterError extends LorawanInputError {
  override name = "RadioParameterError";
}

/** Quotes echoed input, shortened so one bad field cannot flood a message or a log line. */
export function quoteInput(text: string, maxLength = 40): string {
  return text.length <= maxLength ? `'${text}'` : `'${text.slice(0, maxLength)}…'`;
}

// A body with dozens of problems is better summarised than printed in full.
const MAX_LISTED_ISSUES = 10;

/** Turns zod issues into one readable line, e.g. "deviceInfo.devEui: required string is missing". */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[]): string {
  const listed = issues.slice(0, MAX_LISTED_ISSUES).map(describeIssue);
  const unlisted = issues.length - listed.length;
  if (unlisted > 0) listed.push(`and ${unlisted} more`);
  return listed.join("; ");
}

/** "rxInfo[0].rssi" for ["rxInfo", 0, "rssi"]; "body" for the top level. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "body";
  return path.reduce<string>((text, key) => {
    if (typeof key === "number") return `${text}[${key}]`;
    return text === "" ? String(key) : `${text}.${String(key)}`;
  }, "");
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = formatIssuePath(issue.path);
  // Only present when parsed with reportInput; zod's own wording ("received
  // undefined") reads like a bug to someone configuring a webhook.
  const isMissing = issue.code === "invalid_type" && "input" in issue && issue.input === undefined;
  if (isMissing) return `${where}: required ${issue.expected} is missing`;
  return `${where}: ${issue.message}`;
}
