import applicationPb from "@chirpstack/chirpstack-api/api/application_pb";
import devicePb from "@chirpstack/chirpstack-api/api/device_pb";
import {
  deviceDifferences, deviceElsewhere, type DeviceSecrets, type DeviceSpec, type DeviceWrite, type RemoteDevice, type RemoteDeviceSummary, type RemoteOrganisation,
} from "@/domain/provisioning";
import { isAlreadyExists, translateGrpcError } from "./chirpstack-calls";
import { listEvery, type ChirpstackClients } from "./chirpstack-clients";
import type { ServiceError } from "@grpc/grpc-js";

function deviceMessage(organisation: RemoteOrganisation, spec: DeviceSpec) {
  const device = new devicePb.Device();
  device.setDevEui(spec.devEui);
  device.setName(spec.name);
  device.setDescription(spec.description);
  device.setApplicationId(organisation.remoteApplicationId);
  device.setDeviceProfileId(spec.remoteProfileId);
  device.setIsDisabled(spec.disabled);
  device.setJoinEui(spec.secrets.activation === "otaa" ? spec.secrets.joinEui : "");
  return device;
}

/** The device with its OTAA root key or its ABP session, as ChirpStack reports them. */
export async function findDevice(c: ChirpstackClients, devEui: string): Promise<RemoteDevice | null> {
  const get = new devicePb.GetDeviceRequest();
  get.setDevEui(devEui);
  const device = (await c.calls.optional("read the device", c.devices.get.bind(c.devices), get))?.getDevice();
  if (!device) return null;
  const keysRequest = new devicePb.GetDeviceKeysRequest();
  keysRequest.setDevEui(devEui);
  const keys = (await c.calls.optional("read the device's keys", c.devices.getKeys.bind(c.devices), keysRequest))?.getDeviceKeys();
  let secrets: DeviceSecrets | null = null;
  // For LoRaWAN 1.0.x ChirpStack keeps the AppKey in nwk_key (see DeviceKeys in device.proto).
  if (keys) secrets = { activation: "otaa", joinEui: device.getJoinEui(), appKey: keys.getNwkKey() };
  else {
    const activationRequest = new devicePb.GetDeviceActivationRequest();
    activationRequest.setDevEui(devEui);
    const activation = (await c.calls.optional("read the device's session", c.devices.getActivation.bind(c.devices), activationRequest))?.getDeviceActivation();
    if (activation && activation.getDevAddr()) {
      secrets = { activation: "abp", devAddr: activation.getDevAddr(), nwkSKey: activation.getNwkSEncKey(), appSKey: activation.getAppSKey() };
    }
  }
  return {
    devEui: device.getDevEui(),
    name: device.getName(),
    description: device.getDescription(),
    applicationId: device.getApplicationId(),
    remoteProfileId: device.getDeviceProfileId(),
    disabled: device.getIsDisabled(),
    secrets,
  };
}

/** OTAA: the root key (LoRaWAN 1.1 devices share Longreach's one root key as NwkKey and AppKey). ABP: the session. */
async function writeSecrets(c: ChirpstackClients, spec: DeviceSpec, current: DeviceSecrets | null) {
  const { secrets } = spec;
  if (secrets.activation === "otaa") {
    const keys = new devicePb.DeviceKeys();
    keys.setDevEui(spec.devEui);
    keys.setNwkKey(secrets.appKey);
    keys.setAppKey(spec.macVersion === "1.1" ? secrets.appKey : "");
    const update = () => {
      const request = new devicePb.UpdateDeviceKeysRequest();
      request.setDeviceKeys(keys);
      return c.calls.call("update the device's keys", c.devices.updateKeys.bind(c.devices), request);
    };
    if (current?.activation === "otaa") return update();
    const request = new devicePb.CreateDeviceKeysRequest();
    request.setDeviceKeys(keys);
    try {
      await c.calls.raw(c.devices.createKeys.bind(c.devices), request);
    } catch (error) {
      if (isAlreadyExists(error)) return update();
      throw translateGrpcError("set the device's keys", error as ServiceError);
    }
    return;
  }
  // Activating resets the session's frame counters, so it is only done when the session differs.
  const activation = new devicePb.DeviceActivation();
  activation.setDevEui(spec.devEui);
  activation.setDevAddr(secrets.devAddr);
  activation.setAppSKey(secrets.appSKey);
  // LoRaWAN 1.0.x has one network session key; ChirpStack wants it in all three 1.1 fields.
  activation.setNwkSEncKey(secrets.nwkSKey);
  activation.setSNwkSIntKey(secrets.nwkSKey);
  activation.setFNwkSIntKey(secrets.nwkSKey);
  const request = new devicePb.ActivateDeviceRequest();
  request.setDeviceActivation(activation);
  await c.calls.call("activate the device (ABP)", c.devices.activate.bind(c.devices), request);
}

export async function writeDevice(c: ChirpstackClients, organisation: RemoteOrganisation, spec: DeviceSpec, current: RemoteDevice | null): Promise<DeviceWrite> {
  if (!current) {
    const request = new devicePb.CreateDeviceRequest();
    request.setDevice(deviceMessage(organisation, spec));
    try {
      await c.calls.raw(c.devices.create.bind(c.devices), request);
    } catch (error) {
      // Created meanwhile (by an interrupted earlier attempt, or someone else): look again, never overwrite blindly.
      if (!isAlreadyExists(error)) throw translateGrpcError("create the device", error as ServiceError);
      const found = await findDevice(c, spec.devEui);
      if (!found) throw translateGrpcError("create the device", error as ServiceError);
      return writeDevice(c, organisation, spec, found);
    }
    await writeSecrets(c, spec, null);
    return { action: "created", changed: ["name", "description", "profile", "disabled", "keys"] };
  }
  if (current.applicationId !== organisation.remoteApplicationId) throw deviceElsewhere(spec.devEui);
  const changed = deviceDifferences(spec, current);
  if (changed.some((field) => field !== "keys")) {
    const request = new devicePb.UpdateDeviceRequest();
    request.setDevice(deviceMessage(organisation, spec));
    await c.calls.call("update the device", c.devices.update.bind(c.devices), request);
  }
  if (changed.includes("keys")) await writeSecrets(c, spec, current.secrets);
  return { action: changed.length ? "updated" : "unchanged", changed };
}

export async function removeDevice(c: ChirpstackClients, devEui: string) {
  const request = new devicePb.DeleteDeviceRequest();
  request.setDevEui(devEui);
  await c.calls.optional("delete the device", c.devices.delete.bind(c.devices), request);
}

export async function listDevices(c: ChirpstackClients, remoteApplicationId: string): Promise<RemoteDeviceSummary[] | null> {
  const get = new applicationPb.GetApplicationRequest();
  get.setId(remoteApplicationId);
  if (!(await c.calls.optional("read the application", c.applications.get.bind(c.applications), get))) return null;
  const request = new devicePb.ListDevicesRequest();
  request.setApplicationId(remoteApplicationId);
  const items = await listEvery(c, "list the application's devices", c.devices.list.bind(c.devices), request);
  return items.map((item) => ({ devEui: item.getDevEui(), name: item.getName() }));
}
