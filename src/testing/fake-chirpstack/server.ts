import { Server, ServerCredentials, status, type ServerUnaryCall, type sendUnaryData, type ServiceDefinition, type UntypedServiceImplementation } from "@grpc/grpc-js";
import { ApplicationServiceService } from "@chirpstack/chirpstack-api/api/application_grpc_pb.js";
import { DeviceServiceService } from "@chirpstack/chirpstack-api/api/device_grpc_pb.js";
import { DeviceProfileServiceService } from "@chirpstack/chirpstack-api/api/device_profile_grpc_pb.js";
import { GatewayServiceService } from "@chirpstack/chirpstack-api/api/gateway_grpc_pb.js";
import { TenantServiceService } from "@chirpstack/chirpstack-api/api/tenant_grpc_pb.js";
import type jspb from "google-protobuf";
import { applicationService, deviceProfileService, deviceService, gatewayService, tenantService, type Handler } from "./services";
import { FakeChirpstackStore, FakeStatus } from "./store";

/** One call as the fake received it: which RPC, the request as a plain object, and whether its token was right. */
export interface RecordedCall {
  service: string;
  method: string;
  request: Record<string, unknown>;
  authorized: boolean;
}

export interface FakeChirpstack {
  /** http://127.0.0.1:<port>, as an operator would enter ChirpStack's API address. */
  readonly apiUrl: string;
  readonly apiToken: string;
  readonly store: FakeChirpstackStore;
  readonly calls: RecordedCall[];
  /** Calls of one method, e.g. callsTo("DeviceService", "create"). */
  callsTo(service: string, method: string): RecordedCall[];
  /**
   * Makes every call of one method answer with this gRPC status (once authenticated, as ChirpStack's own
   * failures are), e.g. INTERNAL while its database is overloaded; `null` lets the calls through again.
   */
  setFault(service: string, method: string, fault: { code: number; details: string } | null): void;
  /** Stops listening, as a ChirpStack that went down; `start()` brings it back on the same port with the same state (and does nothing while it is up). */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

const SERVICES: Array<[string, ServiceDefinition, (store: FakeChirpstackStore) => Record<string, Handler>]> = [
  ["TenantService", TenantServiceService, tenantService],
  ["ApplicationService", ApplicationServiceService, applicationService],
  ["DeviceProfileService", DeviceProfileServiceService, deviceProfileService],
  ["DeviceService", DeviceServiceService, deviceService],
  ["GatewayService", GatewayServiceService, gatewayService],
];

/**
 * A stand-in for ChirpStack v4's gRPC API, built from the package's own service definitions and served
 * by @grpc/grpc-js, so the real client code talks to it over a real socket. State is in memory; every
 * call is recorded. Authentication is ChirpStack's: `authorization: Bearer <token>` metadata, or
 * UNAUTHENTICATED.
 */
export async function startFakeChirpstack(options: { apiToken?: string; port?: number } = {}): Promise<FakeChirpstack> {
  const apiToken = options.apiToken ?? "fake-chirpstack-admin-api-key";
  const store = new FakeChirpstackStore();
  const calls: RecordedCall[] = [];
  let server: Server | null = null;
  let port = options.port ?? 0;
  const faults = new Map<string, { code: number; details: string }>();

  const wrap = (service: string, method: string, handler: Handler) => (call: ServerUnaryCall<jspb.Message, jspb.Message>, callback: sendUnaryData<jspb.Message>) => {
    const authorized = call.metadata.get("authorization")[0] === `Bearer ${apiToken}`;
    calls.push({ service, method, request: call.request.toObject() as Record<string, unknown>, authorized });
    if (!authorized) return callback({ code: status.UNAUTHENTICATED, details: "InvalidSignature" }, null);
    const fault = faults.get(`${service}.${method}`);
    if (fault) return callback(fault, null);
    try {
      callback(null, handler(call.request) as jspb.Message);
    } catch (error) {
      if (error instanceof FakeStatus) return callback({ code: error.code, details: error.details }, null);
      callback({ code: status.INTERNAL, details: (error as Error).message }, null);
    }
  };

  const start = async () => {
    // Already up: a second server on the same port would fail to bind, and stop() would then stop the wrong one.
    if (server) return;
    server = new Server();
    for (const [name, definition, handlers] of SERVICES) {
      const implementation: UntypedServiceImplementation = {};
      for (const [method, handler] of Object.entries(handlers(store))) implementation[method] = wrap(name, method, handler);
      server.addService(definition, implementation);
    }
    port = await new Promise<number>((resolve, reject) =>
      server!.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
  };
  const stop = async () => {
    const running = server;
    server = null;
    if (running) running.forceShutdown();
  };

  await start();
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    apiToken,
    store,
    calls,
    callsTo: (service, method) => calls.filter((c) => c.service === service && c.method === method),
    setFault: (service, method, fault) => (fault ? faults.set(`${service}.${method}`, fault) : faults.delete(`${service}.${method}`)),
    stop,
    start,
    close: stop,
  };
}
