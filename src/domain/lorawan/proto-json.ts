import { z } from "zod";

/**
 * A field from protobuf-encoded JSON. Both network servers leave out fields at
 * their zero value (ChirpStack before 4.1, The Things Stack always), and unset
 * sub-messages may arrive as null, so absent and null both mean `zero`.
 *
 * Built from `default` (absent) and `overwrite` (null) rather than one `transform`: a transform
 * makes every field a pipe of two schemas, which more than doubled the cost of parsing an uplink
 * (24 → 14 µs for a ChirpStack `up` event heard by three gateways; every ingested event pays it).
 * `overwrite` cannot change the type zod infers, hence the cast to what the field really holds.
 */
export function protoField<Schema extends z.ZodType>(schema: Schema, zero: z.output<Schema>) {
  // Each message gets its own empty list, so changing one parse's result cannot change another's.
  const freshZero = () => (Array.isArray(zero) ? ([...zero] as typeof zero) : zero);
  const field = schema.nullable().overwrite((value) => value ?? freshZero()).default(freshZero as never);
  return field as unknown as z.ZodType<z.output<Schema>, z.input<Schema> | null | undefined>;
}

/**
 * A protobuf JSON field with no meaningful zero value: absent or null become undefined. An absent
 * key stays absent (zod skips optional keys that are not there), which reads the same.
 */
export function optionalProtoField<Schema extends z.ZodType>(schema: Schema) {
  const field = schema.nullish().overwrite((value) => value ?? undefined);
  return field as unknown as z.ZodOptional<z.ZodType<z.output<Schema>, z.input<Schema> | null>>;
}
