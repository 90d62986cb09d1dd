import { z } from "zod";
import { defaultProfile, devEuiField, deviceChangesStrictSchema, newDeviceStrictSchema } from "@/domain/devices";
import { search } from "@/server/api/inputs";
import { deviceHistory } from "@/server/devices/device-events";
import { deviceIdByEui, getDevice, listDevices } from "@/server/devices/device-queries";
import { listDeviceProfiles } from "@/server/devices/device-profiles";
import { deleteDevice, registerDevice, updateDevice } from "@/server/devices/device-registry";
import { defineOperation } from "./api-operation";
import { deviceDetail, deviceDetailSchema, deviceEvent, deviceEventSchema, deviceListItem, deviceSchema } from "./device-resources";
import { encodeHistoryCursor, historyCursorParameter } from "./history-cursor";
import { wholeNumber } from "./query-parameters";

/**
 * The devices' operations. Writes call the same registry functions as the portal (registerDevice,
 * updateDevice, deleteDevice), so validation, DevEUI uniqueness, key encryption, auditing and whatever
 * else a device change sets off are the portal's own.
 */

const byDevEui = z.object({ devEui: devEuiField.meta({ description: "The device's DevEUI, in any case, with or without '-' or ':'." }) });
const NOT_OURS = "No device with that DevEUI in your organisation (whether or not it exists elsewhere).";

export const listDevicesOperation = defineOperation({
  operationId: "listDevices",
  method: "get",
  path: "/devices",
  tag: "Devices",
  summary: "List devices",
  description: "Your organisation's devices by name (then id), which stays put between pages.",
  access: "read",
  query: z.object({
    search: search.meta({ description: "Only devices whose name, DevEUI or tags contain this." }),
    page: wholeNumber({ min: 1, max: 10_000, fallback: 1 }),
    pageSize: wholeNumber({ min: 1, max: 100, fallback: 50 }),
  }),
  success: {
    status: 200,
    description: "A page of devices.",
    schema: z.object({ devices: z.array(deviceSchema), page: z.number().int(), pageSize: z.number().int(), total: z.number().int() }),
  },
  errors: { 400: "A query parameter is not valid or not known." },
  async handle({ tx, key, query: { search, page, pageSize } }) {
    const { rows, total } = await listDevices(tx, key.tenantId, { search, sort: "name", page, pageSize });
    return { status: 200, body: { devices: rows.map(deviceListItem), page, pageSize, total } };
  },
});

export const createDeviceOperation = defineOperation({
  operationId: "createDevice",
  method: "post",
  path: "/devices",
  tag: "Devices",
  summary: "Register a device",
  description:
    "Registers a device, exactly as the portal's form does: the same checks, the DevEUI unique on the whole network, keys stored encrypted, the default profile when none is named, and the change in your audit log under the key's name. Send an Idempotency-Key so that a retry after a lost answer does not fail with 409 or register twice.",
  access: "write",
  idempotent: true,
  body: newDeviceStrictSchema.meta({ id: "NewDevice", description: "An OTAA device (JoinEUI + AppKey) or an ABP device (DevAddr + NwkSKey + AppSKey)." }),
  success: { status: 201, description: "Registered; `Location` is the device's URL.", schema: z.object({ device: deviceDetailSchema }) },
  errors: {
    400: "The body is not valid; `issues` names each field.",
    404: "The profileId is not one of your organisation's device profiles.",
    409: "The DevEUI is already registered (in your organisation, or elsewhere on the network).",
    422: "The Idempotency-Key was used for a different request.",
  },
  async handle({ tx, key, actor, body }) {
    const profileId = body.profileId === undefined ? (defaultProfile(await listDeviceProfiles(tx, key.tenantId))?.id ?? null) : body.profileId;
    const created = await registerDevice(tx, actor, key.tenantId, { ...body, profileId });
    return { status: 201, body: { device: deviceDetail(await getDevice(tx, key.tenantId, created.id)) }, headers: { Location: `/api/v1/devices/${created.devEui}` } };
  },
});

export const getDeviceOperation = defineOperation({
  operationId: "getDevice",
  method: "get",
  path: "/devices/{devEui}",
  tag: "Devices",
  summary: "Get a device",
  description: "One of your organisation's devices, with its addressing and its profile's radio settings. Keys are never shown.",
  access: "read",
  params: byDevEui,
  success: { status: 200, description: "The device.", schema: z.object({ device: deviceDetailSchema }) },
  errors: { 400: "That is not a DevEUI.", 404: NOT_OURS },
  async handle({ tx, key, params }) {
    return { status: 200, body: { device: deviceDetail(await getDevice(tx, key.tenantId, await deviceIdByEui(tx, key.tenantId, params.devEui))) } };
  },
});

export const updateDeviceOperation = defineOperation({
  operationId: "updateDevice",
  method: "patch",
  path: "/devices/{devEui}",
  tag: "Devices",
  summary: "Change a device",
  description:
    "Changes the fields sent and leaves the others as they are. The DevEUI, activation and keys are fixed; delete the device and register it again to change them. Sending the same change again changes nothing (and is not audited again).",
  access: "write",
  params: byDevEui,
  body: deviceChangesStrictSchema.meta({ id: "DeviceChanges", description: "Only the fields to change." }),
  success: { status: 200, description: "The device as it now is.", schema: z.object({ device: deviceDetailSchema }) },
  errors: { 400: "That is not a DevEUI, or the body is not valid; `issues` names each field.", 404: `${NOT_OURS} Or the profileId is not one of your organisation's device profiles.` },
  async handle({ tx, key, actor, params, body }) {
    const deviceId = await deviceIdByEui(tx, key.tenantId, params.devEui);
    await updateDevice(tx, actor, key.tenantId, deviceId, body);
    return { status: 200, body: { device: deviceDetail(await getDevice(tx, key.tenantId, deviceId)) } };
  },
});

export const deleteDeviceOperation = defineOperation({
  operationId: "deleteDevice",
  method: "delete",
  path: "/devices/{devEui}",
  tag: "Devices",
  summary: "Delete a device",
  description: "Removes the device: its traffic is no longer stored as yours. Past events and usage are kept, so invoices still add up. Its DevEUI may be registered again.",
  access: "write",
  params: byDevEui,
  success: { status: 204, description: "Deleted.", schema: z.null() },
  errors: { 400: "That is not a DevEUI.", 404: NOT_OURS },
  async handle({ tx, key, actor, params }) {
    await deleteDevice(tx, actor, key.tenantId, await deviceIdByEui(tx, key.tenantId, params.devEui));
    return { status: 204, body: null };
  },
});

export const listDeviceEventsOperation = defineOperation({
  operationId: "listDeviceEvents",
  method: "get",
  path: "/devices/{devEui}/events",
  tag: "Devices",
  summary: "List a device's events",
  description: "Newest first. Pass `nextCursor` back as `cursor` for the next page, until it is null.",
  access: "read",
  params: byDevEui,
  query: z.object({
    limit: wholeNumber({ min: 1, max: 100, fallback: 50 }),
    cursor: historyCursorParameter.meta({ description: "The previous page's nextCursor, unchanged; left out for the newest events." }),
  }),
  success: { status: 200, description: "A page of events.", schema: z.object({ events: z.array(deviceEventSchema), nextCursor: z.string().nullable() }) },
  errors: { 400: "That is not a DevEUI, or a query parameter is not valid.", 404: NOT_OURS },
  async handle({ tx, key, params, query }) {
    const history = await deviceHistory(tx, key.tenantId, await deviceIdByEui(tx, key.tenantId, params.devEui), query);
    return { status: 200, body: { events: history.events.map(deviceEvent), nextCursor: history.nextCursor && encodeHistoryCursor(history.nextCursor) } };
  },
});
