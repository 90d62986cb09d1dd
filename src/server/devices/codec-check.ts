import { deviceProfileSchema } from "@/domain/devices";
import { sharedCodecRunner, validateCodecSource, type DecodeResult } from "@/domain/codecs";

/**
 * A profile as the API accepts it: the codec, if any, is loaded in the sandbox first and must define
 * decodeUplink. Checked while parsing input, so the error is shown beside the codec field and no
 * database transaction waits on the sandbox.
 */
export const deviceProfileInput = deviceProfileSchema.safeExtend({
  codecSource: deviceProfileSchema.shape.codecSource.superRefine(async (source, ctx) => {
    if (source === null) return;
    const checked = await validateCodecSource(source);
    if (!checked.ok) ctx.addIssue({ code: "custom", message: `This codec can't be used: ${checked.error}` });
  }),
});

/** Runs a codec on a sample payload in the sandbox, as ingestion would; never throws. */
export function testDecode(source: string, bytes: Uint8Array, fPort: number): Promise<DecodeResult> {
  return sharedCodecRunner().decodeUplink(source, { bytes, fPort, recvTime: new Date() });
}
