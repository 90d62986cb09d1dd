import applicationPb from "@chirpstack/chirpstack-api/api/application_pb";
import tenantPb from "@chirpstack/chirpstack-api/api/tenant_pb";
import type { OrganisationSpec, RemoteApplication, RemoteOrganisation } from "@/domain/provisioning";
import { changes, listEvery, setTags, TAGS, type ChirpstackClients } from "./chirpstack-clients";

/**
 * A Longreach tenant on ChirpStack: a ChirpStack tenant (its device and gateway limits from the plan)
 * holding one application for its devices. Tenants share the council's gateways, so none of them keeps
 * its uplinks or downlinks private.
 */

function applyTenantSpec(tenant: tenantPb.Tenant, spec: OrganisationSpec) {
  tenant.setName(spec.name);
  tenant.setCanHaveGateways(spec.maxGateways !== 0);
  tenant.setMaxGatewayCount(spec.maxGateways ?? 0);
  tenant.setMaxDeviceCount(spec.maxDevices ?? 0);
}

async function getTenant(c: ChirpstackClients, id: string) {
  const request = new tenantPb.GetTenantRequest();
  request.setId(id);
  return (await c.calls.optional("read the tenant", c.tenants.get.bind(c.tenants), request))?.getTenant() ?? null;
}

/** Tenants whose name contains `search`, each read in full (the list leaves out tags). */
async function findTaggedTenant(c: ChirpstackClients, search: string, tag: string, value: string) {
  const request = new tenantPb.ListTenantsRequest();
  request.setSearch(search);
  const items = await listEvery(c, "list tenants", c.tenants.list.bind(c.tenants), request);
  for (const item of items) {
    const tenant = await getTenant(c, item.getId());
    if (tenant?.getTagsMap().get(tag) === value) return tenant.getId();
  }
  return null;
}

async function createTenant(c: ChirpstackClients, build: (tenant: tenantPb.Tenant) => void) {
  const tenant = new tenantPb.Tenant();
  tenant.setDescription("Managed by Longreach.");
  tenant.setPrivateGatewaysUp(false);
  tenant.setPrivateGatewaysDown(false);
  build(tenant);
  const request = new tenantPb.CreateTenantRequest();
  request.setTenant(tenant);
  return (await c.calls.call("create the tenant", c.tenants.create.bind(c.tenants), request)).getId();
}

async function updateTenant(c: ChirpstackClients, tenant: tenantPb.Tenant) {
  const request = new tenantPb.UpdateTenantRequest();
  request.setTenant(tenant);
  await c.calls.call("update the tenant", c.tenants.update.bind(c.tenants), request);
}

async function getApplication(c: ChirpstackClients, id: string) {
  const request = new applicationPb.GetApplicationRequest();
  request.setId(id);
  return (await c.calls.optional("read the application", c.applications.get.bind(c.applications), request))?.getApplication() ?? null;
}

async function listApplicationsOf(c: ChirpstackClients, tenantId: string) {
  const request = new applicationPb.ListApplicationsRequest();
  request.setTenantId(tenantId);
  return listEvery(c, "list applications", c.applications.list.bind(c.applications), request);
}

async function ensureApplication(c: ChirpstackClients, tenantId: string, spec: OrganisationSpec, knownId: string | null, mayRename: boolean) {
  if (knownId) {
    const application = await getApplication(c, knownId);
    if (application && application.getTenantId() === tenantId) {
      if (mayRename && changes(application, (a) => a.setName(spec.name))) {
        const request = new applicationPb.UpdateApplicationRequest();
        request.setApplication(application);
        await c.calls.call("update the application", c.applications.update.bind(c.applications), request);
      }
      return knownId;
    }
  }
  for (const item of await listApplicationsOf(c, tenantId)) {
    const application = await getApplication(c, item.getId());
    if (application?.getTagsMap().get(TAGS.tenant) === spec.tenantId) return application.getId();
  }
  const application = new applicationPb.Application();
  application.setName(spec.name);
  application.setDescription("Devices registered in Longreach.");
  application.setTenantId(tenantId);
  setTags(application.getTagsMap(), { [TAGS.tenant]: spec.tenantId });
  const request = new applicationPb.CreateApplicationRequest();
  request.setApplication(application);
  return (await c.calls.call("create the application", c.applications.create.bind(c.applications), request)).getId();
}

export async function ensureOrganisation(c: ChirpstackClients, spec: OrganisationSpec, known: RemoteOrganisation | null): Promise<RemoteOrganisation> {
  let remoteTenantId: string | null = null;
  let createdRemoteTenant = known?.createdRemoteTenant ?? true;
  if (known) {
    const tenant = await getTenant(c, known.remoteTenantId);
    if (tenant) {
      remoteTenantId = tenant.getId();
      // An adopted tenant may hold more than Longreach's application: its name and limits stay the council's.
      if (createdRemoteTenant && changes(tenant, (t) => applyTenantSpec(t, spec))) await updateTenant(c, tenant);
    }
  }
  if (!remoteTenantId) {
    createdRemoteTenant = true;
    remoteTenantId =
      (await findTaggedTenant(c, spec.name, TAGS.tenant, spec.tenantId)) ??
      (await createTenant(c, (tenant) => {
        applyTenantSpec(tenant, spec);
        setTags(tenant.getTagsMap(), { [TAGS.tenant]: spec.tenantId });
      }));
  }
  const knownApplication = known && known.remoteTenantId === remoteTenantId ? known.remoteApplicationId : null;
  const remoteApplicationId = await ensureApplication(c, remoteTenantId, spec, knownApplication, createdRemoteTenant);
  return { remoteTenantId, remoteApplicationId, createdRemoteTenant };
}

/** Deleting a ChirpStack tenant deletes its applications, devices and profiles with it. */
export async function removeOrganisation(c: ChirpstackClients, organisation: RemoteOrganisation) {
  if (!organisation.createdRemoteTenant) return;
  const request = new tenantPb.DeleteTenantRequest();
  request.setId(organisation.remoteTenantId);
  await c.calls.optional("delete the tenant", c.tenants.delete.bind(c.tenants), request);
}

export async function listApplications(c: ChirpstackClients): Promise<RemoteApplication[]> {
  const request = new tenantPb.ListTenantsRequest();
  const tenants = await listEvery(c, "list tenants", c.tenants.list.bind(c.tenants), request);
  const applications: RemoteApplication[] = [];
  for (const tenant of tenants) {
    for (const application of await listApplicationsOf(c, tenant.getId())) {
      applications.push({ id: application.getId(), name: application.getName(), remoteTenantId: tenant.getId(), remoteTenantName: tenant.getName() });
    }
  }
  return applications;
}

/** The tenant that owns the council's gateways; every tenant's devices are heard through them. */
export async function ensureCouncilTenant(c: ChirpstackClients, name: string, known: string | null) {
  if (known && (await getTenant(c, known))) return known;
  return (
    (await findTaggedTenant(c, "", TAGS.council, "true")) ??
    (await createTenant(c, (tenant) => {
      tenant.setName(name);
      tenant.setCanHaveGateways(true);
      setTags(tenant.getTagsMap(), { [TAGS.council]: "true" });
    }))
  );
}

/** One cheap authenticated read that needs an admin key, as provisioning does. */
export async function checkAccess(c: ChirpstackClients) {
  const request = new tenantPb.ListTenantsRequest();
  request.setLimit(1);
  await c.calls.call("list tenants", c.tenants.list.bind(c.tenants), request);
}
