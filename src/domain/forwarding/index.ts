export * from "./destination";
export * from "./forwarded-event";
export * from "./retry-schedule";
export * from "./signature";
