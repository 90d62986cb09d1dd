export { CodecRunner, type CodecRunnerOptions } from "./codec-runner";
export { checkCodecSource } from "./codec-source";
export { CODEC_LIMITS } from "./limits";
export { sharedCodecRunner, validateCodecSource } from "./shared-codec-runner";
export type { CodecValidation, DecodeOptions, DecodeResult, UplinkInput } from "./types";
export {
  BIN_FILL_LEVEL_CODEC,
  EXAMPLE_CODECS,
  PARKING_OCCUPANCY_CODEC,
  TEMPERATURE_HUMIDITY_CODEC,
  type ExampleCodec,
  type ExampleCodecId,
} from "./examples";
export {
  encodeBinFillLevel,
  encodeParkingOccupancy,
  encodeTemperatureHumidity,
  type BinFillLevelReading,
  type ParkingOccupancyReading,
  type TemperatureHumidityReading,
} from "./example-payloads";
