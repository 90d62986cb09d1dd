import type { DeviceClass, LorawanMacVersion, LorawanRegion } from "@/domain/devices/profile-options";

/**
 * What Longreach needs from a network server's management API, in Longreach's own terms. ChirpStack v4
 * (gRPC) and the embedded simulation implement it; The Things Stack would too (organisation = TTS
 * organization + application, profiles folded into each end device's MAC settings, devices split over
 * its Identity/Join/Network/Application servers), without any caller changing.
 *
 * Rules every implementation keeps: calls are idempotent (ensure* finds what an interrupted earlier call
 * made, by the Longreach ids it tagged it with); it never touches an object outside the organisation it
 * is given (a device of another application is reported, not moved or removed); failures are thrown as
 * ProvisioningError with the server's own words.
 */
export interface NetworkServer {
  /** e.g. "ChirpStack at https://chirpstack.council.gov.uk", for messages. */
  readonly description: string;
  /** Proves the address and credentials work (a cheap authenticated read). */
  checkAccess(): Promise<void>;

  ensureOrganisation(spec: OrganisationSpec, known: RemoteOrganisation | null): Promise<RemoteOrganisation>;
  /** Removes what Longreach created for the organisation (everything, when it created the server-side tenant). */
  removeOrganisation(organisation: RemoteOrganisation): Promise<void>;
  listApplications(): Promise<RemoteApplication[]>;

  ensureProfile(organisation: RemoteOrganisation, spec: ProfileSpec, knownId: string | null): Promise<string>;
  /** Refuses (retryably) while devices still use it: on ChirpStack, deleting a profile deletes its devices. */
  removeProfile(remoteProfileId: string): Promise<void>;
  readProfile(remoteProfileId: string): Promise<RemoteProfile | null>;

  /** The device wherever it is on the server (its application says whose it is), with its keys. */
  findDevice(devEui: string): Promise<RemoteDevice | null>;
  /** Creates or updates the device in the organisation's application; `current` is what findDevice returned. */
  writeDevice(organisation: RemoteOrganisation, spec: DeviceSpec, current: RemoteDevice | null): Promise<DeviceWrite>;
  removeDevice(devEui: string): Promise<void>;
  /** The application's devices, without keys; null when the application does not exist. */
  listDevices(remoteApplicationId: string): Promise<RemoteDeviceSummary[] | null>;

  /** The server-side tenant holding the council's own gateways. */
  ensureCouncilTenant(name: string, known: string | null): Promise<string>;
  findGateway(gatewayEui: string): Promise<RemoteGateway | null>;
  writeGateway(councilTenantId: string, spec: GatewaySpec, current: RemoteGateway | null): Promise<"created" | "updated" | "unchanged">;
  removeGateway(gatewayEui: string): Promise<void>;
  listGateways(councilTenantId: string): Promise<RemoteGateway[]>;

  /** Releases connections; the object is not used afterwards. */
  close(): void;
}

/** A Longreach tenant as the network server should hold it. */
export interface OrganisationSpec {
  tenantId: string;
  name: string;
  /** null: no limit. */
  maxDevices: number | null;
  /** null: no limit; 0: may not own gateways. */
  maxGateways: number | null;
}

export interface RemoteOrganisation {
  remoteTenantId: string;
  remoteApplicationId: string;
  /** False for an adopted application: what was there before Longreach is left when the tenant closes. */
  createdRemoteTenant: boolean;
}

export interface RemoteApplication {
  id: string;
  name: string;
  remoteTenantId: string;
  remoteTenantName: string;
}

/** One Longreach profile (or a tenant's default) for one activation mode. */
export interface ProfileSpec {
  tenantId: string;
  /** The Longreach profile id, or "default". */
  key: string;
  activation: "otaa" | "abp";
  name: string;
  region: LorawanRegion;
  macVersion: LorawanMacVersion;
  deviceClass: DeviceClass;
  /** A decodeUplink(input) codec, as ChirpStack v4 runs it; null for none. */
  codecSource: string | null;
}

export interface RemoteProfile {
  id: string;
  name: string;
  region: LorawanRegion | null;
  macVersion: LorawanMacVersion | null;
  deviceClass: DeviceClass;
  codecSource: string | null;
  supportsOtaa: boolean;
}

export type DeviceSecrets =
  | { activation: "otaa"; joinEui: string; appKey: string }
  | { activation: "abp"; devAddr: string; nwkSKey: string; appSKey: string };

/** A Longreach device as the network server should hold it. Built in the server process only: it carries keys. */
export interface DeviceSpec {
  devEui: string;
  name: string;
  description: string;
  remoteProfileId: string;
  macVersion: LorawanMacVersion;
  /** The tenant is suspended: its radios must stop using airtime. */
  disabled: boolean;
  secrets: DeviceSecrets;
}

/** A device as a list shows it; findDevice gives the rest. */
export interface RemoteDeviceSummary {
  devEui: string;
  name: string;
}

export interface RemoteDevice extends RemoteDeviceSummary {
  applicationId: string;
  remoteProfileId: string;
  disabled: boolean;
  description: string;
  /** null: no keys and no session on the server. */
  secrets: DeviceSecrets | null;
}

export interface DeviceWrite {
  action: "created" | "updated" | "unchanged";
  /** What differed and was written (see deviceDifferences). */
  changed: DeviceField[];
}

export type DeviceField = "name" | "description" | "profile" | "disabled" | "keys";

export interface GatewaySpec {
  gatewayEui: string;
  name: string;
  latitude: number | null;
  longitude: number | null;
}

export interface RemoteGateway extends GatewaySpec {
  remoteTenantId: string;
}
