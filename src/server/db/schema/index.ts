export * from "./roles";
export * from "./identity";
export * from "./tenancy";
export * from "./audit";
export * from "./network";
export * from "./billing";
export * from "./forwarding";
export * from "./api-access";
