import { interpretCodecOutput } from "./codec-output";
import { checkCodecSource } from "./codec-source";
import { CODEC_LIMITS } from "./limits";
import { describeSandboxFailure } from "./sandbox-failure";
import { SandboxWorker, type SandboxWorkerOptions } from "./sandbox-worker";
import type { CodecValidation, DecodeOptions, DecodeResult, UplinkInput } from "./types";
import { uplinkInputJson } from "./uplink-input";

export type CodecRunnerOptions = SandboxWorkerOptions;

type RunResult = { ok: true; output: string | null } | { ok: false; error: string };

function resolveTimeout(options: DecodeOptions | undefined): number {
  const requested = options?.timeoutMs;
  if (requested === undefined || !Number.isFinite(requested)) return CODEC_LIMITS.defaultTimeoutMs;
  return Math.min(Math.max(Math.round(requested), 1), CODEC_LIMITS.maxTimeoutMs);
}

function unexpected(error: unknown): { ok: false; error: string } {
  return { ok: false, error: `Codec could not run: ${error instanceof Error ? error.message : String(error)}` };
}

/**
 * Runs tenant payload codecs (ChirpStack v4 / TTS `decodeUplink`) in a QuickJS sandbox inside one
 * reusable worker thread. Methods never throw: every failure is `{ ok: false, error }`.
 * Call `close()` when done; the runner starts a new worker if used again.
 */
export class CodecRunner {
  private readonly sandbox: SandboxWorker;

  constructor(options: CodecRunnerOptions = {}) {
    this.sandbox = new SandboxWorker(options);
  }

  /** Loads the codec in the sandbox and checks that it defines a function decodeUplink. */
  async validate(source: string, options?: DecodeOptions): Promise<CodecValidation> {
    const checked = checkCodecSource(source);
    if (!checked.ok) return checked;
    const run = await this.run(source, null, resolveTimeout(options));
    return run.ok ? { ok: true } : run;
  }

  async decodeUplink(source: string, input: UplinkInput, options?: DecodeOptions): Promise<DecodeResult> {
    try {
      const checked = checkCodecSource(source);
      if (!checked.ok) return checked;
      const serialised = uplinkInputJson(input);
      if (!serialised.ok) return serialised;
      const run = await this.run(source, serialised.json, resolveTimeout(options));
      return run.ok ? interpretCodecOutput(run.output) : run;
    } catch (error) {
      return unexpected(error);
    }
  }

  /** Decodes several uplinks with one codec; results are in input order. */
  decodeMany(source: string, inputs: readonly UplinkInput[], options?: DecodeOptions): Promise<DecodeResult[]> {
    return Promise.all(inputs.map((input) => this.decodeUplink(source, input, options)));
  }

  /** Stops the worker; resolves once it has exited. */
  close(): Promise<void> {
    return this.sandbox.close();
  }

  private async run(source: string, inputJson: string | null, timeoutMs: number): Promise<RunResult> {
    try {
      const limits = {
        timeoutMs,
        memoryBytes: CODEC_LIMITS.memoryBytes,
        stackBytes: CODEC_LIMITS.stackBytes,
        maxOutputChars: CODEC_LIMITS.maxOutputChars,
      };
      const wallClockMs = timeoutMs + CODEC_LIMITS.wallClockGraceMs;
      const outcome = await this.sandbox.run({ source, inputJson, limits }, wallClockMs);
      if (outcome.kind !== "reply") return { ok: false, error: describeSandboxFailure(outcome, timeoutMs) };
      const { reply } = outcome;
      if (reply.ok) return { ok: true, output: reply.output };
      return { ok: false, error: describeSandboxFailure({ kind: "reply", reply }, timeoutMs) };
    } catch (error) {
      return unexpected(error);
    }
  }
}
