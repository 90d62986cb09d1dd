import { z } from "zod";

/**
 * A field from protobuf-encoded JSON. Both network servers leave out fields at
 * their zero value (ChirpStack before 4.1, The Things Stack always), and unset
 * sub-messages may arrive as null, so absent and null both mean `zero`.
 */
export function protoField<Schema extends z.ZodType>(schema: Schema, zero: z.output<Schema>) {
  return schema.nullish().transform((value) => value ?? zero);
}

/** A protobuf JSON field with no meaningful zero value: absent or null become undefined. */
export function optionalProtoField<Schema extends z.ZodType>(schema: Schema) {
  return schema.nullish().transform((value) => value ?? undefined);
}
