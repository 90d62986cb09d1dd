/**
 * A network server call that failed. `retryable`: the server is down, overloaded or timed out, so the
 * job is tried again on the retry schedule; otherwise the server refused (bad token, invalid value,
 * conflict) and retrying the same request cannot help. `connection`: the fault is in how Longreach
 * reaches the server (address, token), so it is shown on the connection too. The message is the
 * server's own, prefixed with what Longreach was doing.
 */
export class ProvisioningError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly connection = false,
  ) {
    super(message);
    this.name = "ProvisioningError";
  }
}

/**
 * The job cannot run yet because something it depends on (the tenant's organisation, a profile, the
 * council's tenant) is being created by another job; it is put back without counting an attempt.
 */
export class WaitingForDependency extends Error {
  constructor(readonly what: string) {
    super(`waiting for ${what}`);
    this.name = "WaitingForDependency";
  }
}

/** A device that is not the organisation's to change: reported, never moved or removed. */
export const deviceElsewhere = (devEui: string) =>
  new ProvisioningError(
    `DevEUI ${devEui} is already registered on the network server in an application that is not this organisation's; the council's network team must release it there (or adopt it) first.`,
    false,
  );
