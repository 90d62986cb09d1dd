import { status, type UntypedServiceImplementation } from "@grpc/grpc-js";
import applicationPb from "@chirpstack/chirpstack-api/api/application_pb.js";
import devicePb from "@chirpstack/chirpstack-api/api/device_pb.js";
import profilePb from "@chirpstack/chirpstack-api/api/device_profile_pb.js";
import gatewayPb from "@chirpstack/chirpstack-api/api/gateway_pb.js";
import tenantPb from "@chirpstack/chirpstack-api/api/tenant_pb.js";
import emptyPb from "google-protobuf/google/protobuf/empty_pb.js";
import { copy, FakeStatus, invalid, notFound, page, requireEui, requireKey, requireUuid, type FakeChirpstackStore } from "./store";

/**
 * The parts of ChirpStack's API provisioning uses, over the store. Each handler takes the decoded
 * request and returns the response message (or throws a FakeStatus); server.ts wraps them with
 * authentication and the call log. Methods not here answer UNIMPLEMENTED, as grpc-js does by default.
 */
export type Handler = (request: any) => unknown;

const empty = () => new emptyPb.Empty();
const required = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw invalid(`${what} is missing`);
  return value;
};
const matches = (name: string, search: string) => !search || name.toLowerCase().includes(search.toLowerCase());

export function tenantService(store: FakeChirpstackStore): Record<string, Handler> {
  return {
    create(request: tenantPb.CreateTenantRequest) {
      const response = new tenantPb.CreateTenantResponse();
      response.setId(store.createTenant(required(request.getTenant(), "tenant")));
      return response;
    },
    get(request: tenantPb.GetTenantRequest) {
      const response = new tenantPb.GetTenantResponse();
      response.setTenant(copy(store.tenant(request.getId())));
      return response;
    },
    update(request: tenantPb.UpdateTenantRequest) {
      const tenant = required(request.getTenant(), "tenant");
      store.tenant(tenant.getId());
      store.tenants.set(tenant.getId(), copy(tenant));
      return empty();
    },
    delete(request: tenantPb.DeleteTenantRequest) {
      store.deleteTenant(request.getId());
      return empty();
    },
    list(request: tenantPb.ListTenantsRequest) {
      const all = [...store.tenants.values()].filter((t) => matches(t.getName(), request.getSearch())).sort((a, b) => a.getName().localeCompare(b.getName()));
      const { total, items } = page(all, request.getLimit(), request.getOffset());
      const response = new tenantPb.ListTenantsResponse();
      response.setTotalCount(total);
      response.setResultList(items.map((tenant) => {
        const item = new tenantPb.TenantListItem();
        item.setId(tenant.getId());
        item.setName(tenant.getName());
        item.setCanHaveGateways(tenant.getCanHaveGateways());
        item.setMaxDeviceCount(tenant.getMaxDeviceCount());
        item.setMaxGatewayCount(tenant.getMaxGatewayCount());
        return item;
      }));
      return response;
    },
  };
}

export function applicationService(store: FakeChirpstackStore): Record<string, Handler> {
  return {
    create(request: applicationPb.CreateApplicationRequest) {
      const response = new applicationPb.CreateApplicationResponse();
      response.setId(store.createApplication(required(request.getApplication(), "application")));
      return response;
    },
    get(request: applicationPb.GetApplicationRequest) {
      const response = new applicationPb.GetApplicationResponse();
      response.setApplication(copy(store.application(request.getId())));
      return response;
    },
    update(request: applicationPb.UpdateApplicationRequest) {
      const application = required(request.getApplication(), "application");
      const existing = store.application(application.getId());
      const stored = copy(application);
      stored.setTenantId(existing.getTenantId());
      store.applications.set(application.getId(), stored);
      return empty();
    },
    delete(request: applicationPb.DeleteApplicationRequest) {
      store.deleteApplication(request.getId());
      return empty();
    },
    list(request: applicationPb.ListApplicationsRequest) {
      requireUuid(request.getTenantId(), "tenant id");
      const all = [...store.applications.values()].filter((a) => a.getTenantId() === request.getTenantId() && matches(a.getName(), request.getSearch()));
      const { total, items } = page(all, request.getLimit(), request.getOffset());
      const response = new applicationPb.ListApplicationsResponse();
      response.setTotalCount(total);
      response.setResultList(items.map((application) => {
        const item = new applicationPb.ApplicationListItem();
        item.setId(application.getId());
        item.setName(application.getName());
        item.setDescription(application.getDescription());
        return item;
      }));
      return response;
    },
  };
}

export function deviceProfileService(store: FakeChirpstackStore): Record<string, Handler> {
  return {
    create(request: profilePb.CreateDeviceProfileRequest) {
      const response = new profilePb.CreateDeviceProfileResponse();
      response.setId(store.createProfile(required(request.getDeviceProfile(), "device_profile")));
      return response;
    },
    get(request: profilePb.GetDeviceProfileRequest) {
      const response = new profilePb.GetDeviceProfileResponse();
      response.setDeviceProfile(copy(store.profile(request.getId())));
      return response;
    },
    update(request: profilePb.UpdateDeviceProfileRequest) {
      const profile = required(request.getDeviceProfile(), "device_profile");
      const existing = store.profile(profile.getId());
      const stored = copy(profile);
      stored.setTenantId(existing.getTenantId());
      store.profiles.set(profile.getId(), stored);
      return empty();
    },
    delete(request: profilePb.DeleteDeviceProfileRequest) {
      store.deleteProfile(request.getId());
      return empty();
    },
    list(request: profilePb.ListDeviceProfilesRequest) {
      requireUuid(request.getTenantId(), "tenant id");
      const all = [...store.profiles.values()].filter((p) => p.getTenantId() === request.getTenantId() && matches(p.getName(), request.getSearch()));
      const { total, items } = page(all, request.getLimit(), request.getOffset());
      const response = new profilePb.ListDeviceProfilesResponse();
      response.setTotalCount(total);
      response.setResultList(items.map((profile) => {
        const item = new profilePb.DeviceProfileListItem();
        item.setId(profile.getId());
        item.setName(profile.getName());
        item.setRegion(profile.getRegion());
        item.setMacVersion(profile.getMacVersion());
        item.setSupportsOtaa(profile.getSupportsOtaa());
        return item;
      }));
      return response;
    },
  };
}

export function deviceService(store: FakeChirpstackStore): Record<string, Handler> {
  const keysOf = (keys: devicePb.DeviceKeys) => {
    store.device(keys.getDevEui());
    requireKey(keys.getNwkKey(), "nwk_key");
    if (keys.getAppKey()) requireKey(keys.getAppKey(), "app_key");
    return copy(keys);
  };
  return {
    create(request: devicePb.CreateDeviceRequest) {
      store.createDevice(required(request.getDevice(), "device"));
      return empty();
    },
    get(request: devicePb.GetDeviceRequest) {
      const response = new devicePb.GetDeviceResponse();
      response.setDevice(copy(store.device(request.getDevEui())));
      return response;
    },
    update(request: devicePb.UpdateDeviceRequest) {
      store.updateDevice(required(request.getDevice(), "device"));
      return empty();
    },
    delete(request: devicePb.DeleteDeviceRequest) {
      store.deleteDevice(request.getDevEui());
      return empty();
    },
    list(request: devicePb.ListDevicesRequest) {
      const applicationId = requireUuid(request.getApplicationId(), "application id");
      const all = [...store.devices.values()]
        .filter((d) => d.getApplicationId() === applicationId && (!request.getDeviceProfileId() || d.getDeviceProfileId() === request.getDeviceProfileId()) && matches(d.getName(), request.getSearch()))
        .sort((a, b) => a.getName().localeCompare(b.getName()));
      const { total, items } = page(all, request.getLimit(), request.getOffset());
      const response = new devicePb.ListDevicesResponse();
      response.setTotalCount(total);
      response.setResultList(items.map((device) => {
        const item = new devicePb.DeviceListItem();
        item.setDevEui(device.getDevEui());
        item.setName(device.getName());
        item.setDescription(device.getDescription());
        item.setDeviceProfileId(device.getDeviceProfileId());
        item.setDeviceProfileName(store.profiles.get(device.getDeviceProfileId())?.getName() ?? "");
        return item;
      }));
      return response;
    },
    createKeys(request: devicePb.CreateDeviceKeysRequest) {
      const keys = keysOf(required(request.getDeviceKeys(), "device_keys"));
      if (store.keys.has(keys.getDevEui())) throw new FakeStatus(status.ALREADY_EXISTS, `Object already exists (id: ${keys.getDevEui()})`);
      store.keys.set(keys.getDevEui(), keys);
      return empty();
    },
    getKeys(request: devicePb.GetDeviceKeysRequest) {
      const keys = store.keys.get(requireEui(request.getDevEui()));
      if (!keys) throw notFound(request.getDevEui());
      const response = new devicePb.GetDeviceKeysResponse();
      response.setDeviceKeys(copy(keys));
      return response;
    },
    updateKeys(request: devicePb.UpdateDeviceKeysRequest) {
      const keys = keysOf(required(request.getDeviceKeys(), "device_keys"));
      if (!store.keys.has(keys.getDevEui())) throw notFound(keys.getDevEui());
      store.keys.set(keys.getDevEui(), keys);
      return empty();
    },
    deleteKeys(request: devicePb.DeleteDeviceKeysRequest) {
      if (!store.keys.delete(requireEui(request.getDevEui()))) throw notFound(request.getDevEui());
      return empty();
    },
    activate(request: devicePb.ActivateDeviceRequest) {
      const activation = required(request.getDeviceActivation(), "device_activation");
      store.device(activation.getDevEui());
      if (!/^[0-9a-f]{8}$/.test(activation.getDevAddr())) throw invalid(`Invalid DevAddr: '${activation.getDevAddr()}'`);
      for (const [what, key] of [["app_s_key", activation.getAppSKey()], ["nwk_s_enc_key", activation.getNwkSEncKey()], ["s_nwk_s_int_key", activation.getSNwkSIntKey()], ["f_nwk_s_int_key", activation.getFNwkSIntKey()]] as const) requireKey(key, what);
      store.activations.set(requireEui(activation.getDevEui()), copy(activation));
      return empty();
    },
    getActivation(request: devicePb.GetDeviceActivationRequest) {
      store.device(request.getDevEui());
      const response = new devicePb.GetDeviceActivationResponse();
      const activation = store.activations.get(requireEui(request.getDevEui()));
      // Like ChirpStack: a device without a session answers with no activation, not an error.
      if (activation) response.setDeviceActivation(copy(activation));
      return response;
    },
  };
}

export function gatewayService(store: FakeChirpstackStore): Record<string, Handler> {
  return {
    create(request: gatewayPb.CreateGatewayRequest) {
      store.createGateway(required(request.getGateway(), "gateway"));
      return empty();
    },
    get(request: gatewayPb.GetGatewayRequest) {
      const response = new gatewayPb.GetGatewayResponse();
      response.setGateway(copy(store.gateway(request.getGatewayId())));
      return response;
    },
    update(request: gatewayPb.UpdateGatewayRequest) {
      const gateway = required(request.getGateway(), "gateway");
      const existing = store.gateway(gateway.getGatewayId());
      const stored = copy(gateway);
      stored.setGatewayId(existing.getGatewayId());
      stored.setTenantId(existing.getTenantId());
      store.gateways.set(existing.getGatewayId(), stored);
      return empty();
    },
    delete(request: gatewayPb.DeleteGatewayRequest) {
      const id = requireEui(request.getGatewayId());
      if (!store.gateways.delete(id)) throw notFound(request.getGatewayId());
      return empty();
    },
    list(request: gatewayPb.ListGatewaysRequest) {
      const all = [...store.gateways.values()].filter((g) => (!request.getTenantId() || g.getTenantId() === request.getTenantId()) && matches(g.getName(), request.getSearch()));
      const { total, items } = page(all, request.getLimit(), request.getOffset());
      const response = new gatewayPb.ListGatewaysResponse();
      response.setTotalCount(total);
      response.setResultList(items.map((gateway) => {
        const item = new gatewayPb.GatewayListItem();
        item.setTenantId(gateway.getTenantId());
        item.setGatewayId(gateway.getGatewayId());
        item.setName(gateway.getName());
        item.setDescription(gateway.getDescription());
        item.setLocation(gateway.getLocation());
        return item;
      }));
      return response;
    },
  };
}

export type ServiceImplementation = UntypedServiceImplementation;
