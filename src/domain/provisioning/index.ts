export * from "./device-differences";
export * from "./drift";
export * from "./network-server";
export * from "./provisioning-error";
export * from "./retry-schedule";
