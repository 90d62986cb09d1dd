import { CODEC_LIMITS, formatBytes } from "./limits";
import type { SandboxFailure, SandboxStage, ThrownValue } from "./sandbox-protocol";

function formatThrown(thrown: ThrownValue): string {
  const text = thrown.name ? `${thrown.name}: ${thrown.message}` : thrown.message;
  if (thrown.line === undefined) return text;
  const column = thrown.column === undefined ? "" : `, column ${thrown.column}`;
  return `${text} (line ${thrown.line}${column})`;
}

function describeStage(stage: SandboxStage, thrown: ThrownValue): string {
  switch (stage) {
    case "load":
      return thrown.name === "SyntaxError"
        ? `Codec has a syntax error: ${formatThrown({ ...thrown, name: undefined })}`
        : `Codec threw while loading: ${formatThrown(thrown)}`;
    case "lookup":
      return thrown.message === "not a function" || thrown.message === "not defined"
        ? `Codec must define a function decodeUplink(input); decodeUplink is ${thrown.message}`
        : `Codec threw while looking up decodeUplink: ${formatThrown(thrown)}`;
    case "decode":
      return `decodeUplink threw: ${formatThrown(thrown)}`;
    case "output":
      return `decodeUplink returned a result that is ${thrown.message}; the limit is ${CODEC_LIMITS.maxOutputChars} characters of JSON`;
    case "sandbox":
      return `The codec sandbox failed: ${formatThrown(thrown)}`;
  }
}

function timeLimit(timeoutMs: number): string {
  return `Codec took longer than ${timeoutMs} ms and was stopped`;
}

/** Human-readable message for a run that did not produce codec output. */
export function describeSandboxFailure(outcome: SandboxFailure, timeoutMs: number): string {
  if (outcome.kind === "wall-clock") return timeLimit(timeoutMs);
  if (outcome.kind === "unavailable") return `Codec could not run: ${outcome.message}`;
  const { stage, thrown } = outcome.reply;
  if (thrown.name === "InternalError" || stage === "sandbox") {
    if (thrown.message === "interrupted") return timeLimit(timeoutMs);
    if (thrown.message === "out of memory") {
      return `Codec ran out of memory (limit ${formatBytes(CODEC_LIMITS.memoryBytes)}) and was stopped`;
    }
    if (thrown.message === "stack overflow" || /call stack/i.test(thrown.message)) {
      return `Codec overflowed the stack (limit ${formatBytes(CODEC_LIMITS.stackBytes)}); check for runaway recursion`;
    }
  }
  return describeStage(stage, thrown);
}
