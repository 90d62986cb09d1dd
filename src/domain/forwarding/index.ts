export * from "./destination";
export * from "./forwarded-event";
export * from "./forwarder-input";
export * from "./retry-schedule";
export * from "./signature";
