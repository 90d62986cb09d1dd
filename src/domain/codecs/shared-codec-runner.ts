import { CodecRunner } from "./codec-runner";
import type { CodecValidation, DecodeOptions } from "./types";

const SHARED = Symbol.for("longreach.sharedCodecRunner");
type Holder = { [SHARED]?: CodecRunner };

/**
 * The process-wide runner (kept on globalThis so Next.js dev reloads reuse it). Its worker is
 * unref'd while idle, so it never holds the process open; tests should still `close()` it.
 */
export function sharedCodecRunner(): CodecRunner {
  const holder = globalThis as Holder;
  return (holder[SHARED] ??= new CodecRunner());
}

/**
 * Size-checks the codec, loads it in the sandbox and checks that decodeUplink is a function.
 * Asynchronous because tenant code only ever runs in the sandbox worker, never on this thread.
 */
export function validateCodecSource(
  source: string,
  options?: DecodeOptions & { runner?: CodecRunner },
): Promise<CodecValidation> {
  return (options?.runner ?? sharedCodecRunner()).validate(source, options);
}
