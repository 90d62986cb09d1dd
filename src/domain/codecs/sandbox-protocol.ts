/** Messages exchanged with the sandbox worker (see sandbox-worker-source.ts). */

export interface SandboxLimits {
  timeoutMs: number;
  memoryBytes: number;
  stackBytes: number;
  maxOutputChars: number;
}

export interface SandboxRequest {
  source: string;
  /** JSON of the decodeUplink input; null to only load the codec and check decodeUplink. */
  inputJson: string | null;
  limits: SandboxLimits;
}

/** Where in a run the codec failed. */
export type SandboxStage = "load" | "lookup" | "decode" | "output" | "sandbox";

export interface ThrownValue {
  name?: string;
  message: string;
  line?: number;
  column?: number;
}

export type SandboxReply =
  | { id: number; ok: true; output: string | null; fatal?: boolean }
  | { id: number; ok: false; stage: SandboxStage; thrown: ThrownValue; fatal?: boolean };

export type SandboxOutcome =
  | { kind: "reply"; reply: SandboxReply }
  /** The worker did not answer in time and was terminated. */
  | { kind: "wall-clock" }
  /** The worker could not start, crashed, or the runner was closed. */
  | { kind: "unavailable"; message: string };

/** An outcome that produced no codec output. */
export type SandboxFailure =
  | Exclude<SandboxOutcome, { kind: "reply" }>
  | { kind: "reply"; reply: Extract<SandboxReply, { ok: false }> };
