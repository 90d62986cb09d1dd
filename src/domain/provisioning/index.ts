export * from "./device-differences";
export * from "./drift";
export * from "./network-server";
export * from "./provisioning-error";
export * from "./retry-schedule";
export * from "./device-spec";
export * from "./sync-state";
