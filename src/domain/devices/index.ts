export { parseCsv, csvField, CsvSyntaxError, type CsvRecord } from "./csv";
export {
  addRowError,
  DEVICE_CSV_COLUMNS,
  DEVICE_CSV_LIMITS,
  DEVICE_CSV_TEMPLATE,
  parseDeviceCsv,
  reportOf,
  type DeviceCsvFile,
  type DeviceCsvRow,
  type DeviceImportRowReport,
} from "./device-csv";
export { defaultProfile, type ProfileUsage } from "./default-profile";
export {
  devEuiField,
  deviceChangesSchema,
  deviceChangesStrictSchema,
  deviceProfileSchema,
  newDeviceSchema,
  newDeviceStrictSchema,
  splitTags,
  DEVICE_DESCRIPTION_MAX,
  DEVICE_NAME_MAX,
  type ActivationMode,
  type DeviceChanges,
  type DeviceProfileInput,
  type NewDevice,
  type NewDeviceInput,
} from "./device-input";
export { fPortSchema, payloadHexSchema, toHex } from "./payload-hex";
export { DEVICE_CLASS_DESCRIPTIONS, DEVICE_CLASSES, LORAWAN_MAC_VERSIONS, LORAWAN_REGIONS, type DeviceClass, type LorawanMacVersion, type LorawanRegion } from "./profile-options";
export { hourlySeries, usageWindowStart, USAGE_WINDOWS, type UsageCounts, type UsagePoint, type UsageWindow } from "./usage-series";
export { assertTrafficVisible, SUSPENDED_TRAFFIC_MESSAGE } from "./traffic-visibility";
export { deviceLocationSchema, parseLocationText, type DeviceLocation } from "./device-location";
