import { credentials, Metadata, status, type CallOptions, type ChannelCredentials, type ServiceError } from "@grpc/grpc-js";
import { ProvisioningError } from "@/domain/provisioning";

/** Where ChirpStack's gRPC API is, from the URL an operator types ("https://host", "http://host:8080"). */
export function parseApiUrl(apiUrl: string): { target: string; channel: ChannelCredentials } {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new ProvisioningError(`"${apiUrl}" is not a URL; enter ChirpStack's API address, e.g. https://chirpstack.example.gov.uk or http://10.0.0.5:8080.`, false, true);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new ProvisioningError("ChirpStack's API address must start with https:// (or http:// inside the council's network).", false, true);
  const port = url.port || (url.protocol === "https:" ? "443" : "8080");
  return { target: `${url.hostname.includes(":") ? `[${url.hostname}]` : url.hostname}:${port}`, channel: url.protocol === "https:" ? credentials.createSsl() : credentials.createInsecure() };
}

/** Codes that mean "the server is down, busy or slow", where the same request may well succeed later. */
const RETRYABLE = new Set<number>([status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.RESOURCE_EXHAUSTED, status.ABORTED, status.INTERNAL, status.UNKNOWN, status.CANCELLED]);
/** Codes that mean "Longreach cannot reach or is not let into the server": shown on the connection too. */
const CONNECTION = new Set<number>([status.UNAVAILABLE, status.UNAUTHENTICATED, status.PERMISSION_DENIED, status.DEADLINE_EXCEEDED]);

const codeName = (code: number) => (Object.entries(status).find(([, value]) => value === code)?.[0] ?? `code ${code}`);

/** ChirpStack's answer in its own words, with what Longreach was doing. */
export function translateGrpcError(doing: string, error: ServiceError): ProvisioningError {
  const details = error.details || error.message;
  const hint = error.code === status.UNAUTHENTICATED || error.code === status.PERMISSION_DENIED
    ? " (check the connection's API token: it must be a network-server admin API key)"
    : "";
  return new ProvisioningError(`ChirpStack could not ${doing}: ${codeName(error.code)}: ${details}${hint}`, RETRYABLE.has(error.code), CONNECTION.has(error.code));
}

export const isNotFound = (error: unknown) => (error as ServiceError | undefined)?.code === status.NOT_FOUND;
export const isAlreadyExists = (error: unknown) => (error as ServiceError | undefined)?.code === status.ALREADY_EXISTS;

/** A generated client's unary method in its (request, metadata, options, callback) form. */
export type UnaryMethod<Req, Res> = (request: Req, metadata: Metadata, options: Partial<CallOptions>, callback: (error: ServiceError | null, response?: Res) => void) => unknown;

/**
 * Unary calls with ChirpStack's authentication (`authorization: Bearer <API token>` metadata on every
 * call, which also works over plain-text channels where grpc-js refuses call credentials) and a deadline.
 */
export class ChirpstackCalls {
  constructor(
    private readonly apiToken: string,
    private readonly timeoutMs: number,
  ) {}

  /** Raw: rejects with the ServiceError, for callers that handle NOT_FOUND or ALREADY_EXISTS themselves. */
  raw<Req, Res>(method: UnaryMethod<Req, Res>, request: Req): Promise<Res> {
    const metadata = new Metadata();
    metadata.set("authorization", `Bearer ${this.apiToken}`);
    return new Promise<Res>((resolve, reject) => {
      method(request, metadata, { deadline: Date.now() + this.timeoutMs }, (error, response) => (error ? reject(error) : resolve(response as Res)));
    });
  }

  /** Any failure becomes a ProvisioningError saying what was being done. */
  async call<Req, Res>(doing: string, method: UnaryMethod<Req, Res>, request: Req): Promise<Res> {
    try {
      return await this.raw(method, request);
    } catch (error) {
      throw translateGrpcError(doing, error as ServiceError);
    }
  }

  /** null when ChirpStack says NOT_FOUND. */
  async optional<Req, Res>(doing: string, method: UnaryMethod<Req, Res>, request: Req): Promise<Res | null> {
    try {
      return await this.raw(method, request);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw translateGrpcError(doing, error as ServiceError);
    }
  }
}
