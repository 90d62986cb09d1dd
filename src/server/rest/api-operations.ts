import { getUsageOperation, listDeviceProfilesOperation, listInvoicesOperation } from "./account-endpoints";
import type { ApiOperation, HttpMethod } from "./api-operation";
import {
  createDeviceOperation, deleteDeviceOperation, getDeviceOperation, listDeviceEventsOperation, listDevicesOperation, updateDeviceOperation,
} from "./device-endpoints";

/** Every operation of the REST API, in the order the documentation lists them. A route file serves each path. */
export const API_OPERATIONS: readonly ApiOperation[] = [
  listDevicesOperation,
  createDeviceOperation,
  getDeviceOperation,
  updateDeviceOperation,
  deleteDeviceOperation,
  listDeviceEventsOperation,
  listDeviceProfilesOperation,
  getUsageOperation,
  listInvoicesOperation,
];

/** The operations at one path, by method. */
export function operationsAt(path: string): Partial<Record<HttpMethod, ApiOperation>> {
  return Object.fromEntries(API_OPERATIONS.filter((op) => op.path === path).map((op) => [op.method, op]));
}
