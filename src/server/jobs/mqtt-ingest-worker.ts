import { connect, type IClientOptions, type MqttClient } from "mqtt";
import { normalizeChirpstackEvent, parseChirpstackTopic, type ClockPolicy, type NetworkEvent } from "@/domain/lorawan";
import type { IngestItem, IngestOutcome } from "@/server/ingestion/store-events";
import { OutageLog } from "@/server/db/database-unavailable";
import { HeldAcks } from "./mqtt-held-acks";

/** ChirpStack's MQTT integration publishes every device event under this filter. */
export const CHIRPSTACK_EVENT_FILTER = "application/+/device/+/event/+";

/** MQTT 5 PUBACK reason codes the worker sends. */
const ACK_STORED = 0x00;
const ACK_PAYLOAD_INVALID = 0x99;
const ACK_UNSPECIFIED_ERROR = 0x80;
const ACK_NOT_AUTHORIZED = 0x87;

export interface WorkerLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface MqttIngestWorkerOptions {
  /** mqtt://host:1883 or mqtts://… */
  mqttUrl: string;
  username?: string;
  password?: string;
  /** The network_connections row every event is attributed to (its ChirpStack). */
  connectionId: string;
  /**
   * Stable per worker instance (e.g. per host or pod ordinal). The broker keeps the session of this id
   * — its unacknowledged messages and the ones queued while it is away — and hands them back when a
   * worker with the same id reconnects. A random id per start would leave them behind.
   */
  clientId: string;
  /** Workers in the same group split the traffic ($share/<group>/…): each message goes to one of them. */
  sharedGroup: string;
  /** Where events are stored: the ingestion batcher (createIngestion(db).batcher) or a fake in tests. */
  ingest: { submit(item: IngestItem): Promise<IngestOutcome> };
  /**
   * Whether the connection is enabled, asked for every event: while it is not, events are refused as HTTP
   * ingestion refuses them. Answer from a cache (connectionEnabledInDatabase), and never reject: when
   * the answer cannot be read, give the last known one.
   */
  connectionEnabled(): Promise<boolean>;
  /**
   * MQTT sessions this worker opens (client ids `<clientId>-1`… when more than one). Default 8. Keep it
   * the same across restarts: a session no longer opened keeps what the broker queued for it until it
   * expires.
   */
  sessions?: number;
  /**
   * Messages each session may hold unacknowledged (the MQTT 5 Receive Maximum it announces): they wait
   * together for the batch commits that store them. sessions × inFlight is how many events a worker
   * has in hand at once; the broker keeps the rest queued. Default 256.
   */
  inFlight?: number;
  /** How long the broker keeps a disconnected session (and queues its share). Default one day. */
  sessionExpirySeconds?: number;
  /** Which reported event times are believed; default CLOCK_POLICY (pass createIngestion(db).clockPolicy). */
  clockPolicy?: ClockPolicy;
  /** Backoff between attempts to store an event while the database is failing. */
  retryDelayMs?: { initial: number; max: number };
  log?: WorkerLog;
}

export interface WorkerStats {
  stored: number;
  duplicate: number;
  unclaimed: number;
  /** Messages that could not be parsed or validated: logged and acknowledged. */
  invalid: number;
  /** Events the database refused as data errors after every attempt: logged and acknowledged. */
  rejected: number;
  /** Failed store attempts (each retried). */
  storeFailures: number;
  /** Events that arrived while the connection was disabled: not stored, acknowledged. */
  refused: number;
}

type Ack = (error: Error | number, code?: number) => void;

interface Session {
  clientId: string;
  client: MqttClient;
  /** Bumped on every disconnect: an acknowledgement for a message of an older connection must not be sent. */
  generation: number;
  /** PUBACKs waiting for their events' commits, sent in arrival order. */
  acks: HeldAcks;
  subscribed: Promise<void>;
}

const consoleLog: WorkerLog = {
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
  error: (m, e) => (e === undefined ? console.error(m) : console.error(m, e)),
};

/**
 * Takes ChirpStack events from an MQTT broker into ingestion, at least once: a message is acknowledged
 * (PUBACK) only after its event is committed, so a crash or a database outage leaves it with the broker,
 * which redelivers it to this session when it reconnects; the copy is then dropped by the dedup key.
 * Each session holds up to `inFlight` messages at once (HeldAcks), all submitted to ingestion's group
 * commit, so events from every session are written in batches across messages, and each message is
 * acknowledged once the batch holding its event has committed.
 * Messages that can never be stored (bad JSON, invalid fields) are logged and acknowledged so they are
 * not redelivered forever. So are events that arrive while the connection is disabled (reason code 0x87,
 * Not authorized): like HTTP ingestion, the worker refuses them rather than keeping them for later.
 *
 * Needs QoS 1: set `qos=1` under [integration.mqtt] in chirpstack.toml (ChirpStack defaults to 0, and
 * the broker delivers at the lower of the publisher's and the subscriber's QoS). QoS 0 messages are
 * still stored, but nothing can be redelivered.
 *
 * The broker must not drop what it queues for a session. Mosquitto by default queues at most 1000
 * messages per session beyond those in flight and silently discards the rest (measured: a burst of
 * 3000 to one slow session kept 1020). It also keeps handing a shared subscription's share to a member
 * that is offline but whose session lives on. Set `max_queued_messages` (and `max_queued_bytes`) in
 * mosquitto.conf to what an outage of the database or of the workers can pile up, e.g. 1000000.
 */
export class MqttIngestWorker {
  private readonly sessions: Session[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly log: WorkerLog;
  private readonly counts: WorkerStats = { stored: 0, duplicate: 0, unclaimed: 0, invalid: 0, rejected: 0, storeFailures: 0, refused: 0 };
  private stopping = false;
  /** The connection's state as last seen, so that a change is logged once rather than on every event. */
  private connectionWasEnabled = true;
  private wakeRetries = new Set<() => void>();
  /** The database being away is said once (and its return once), not for every message retrying. */
  private readonly outage: OutageLog;

  constructor(private readonly options: MqttIngestWorkerOptions) {
    this.log = options.log ?? consoleLog;
    this.outage = new OutageLog("mqtt-ingest", "keeping its messages unacknowledged and retrying until it is back", (line) => this.log.warn(line));
  }

  get subscription() {
    return `$share/${this.options.sharedGroup}/${CHIRPSTACK_EVENT_FILTER}`;
  }

  stats(): WorkerStats {
    return { ...this.counts };
  }

  /** Connects every session and resolves once each has subscribed (mqtt.js keeps reconnecting until then). */
  async start(): Promise<void> {
    const count = Math.max(1, this.options.sessions ?? 8);
    for (let i = 0; i < count; i++) {
      this.sessions.push(this.openSession(count === 1 ? this.options.clientId : `${this.options.clientId}-${i + 1}`));
    }
    await Promise.all(this.sessions.map((s) => s.subscribed));
  }

  /**
   * Graceful stop: takes no new message, lets the ones being stored finish and be acknowledged, then
   * disconnects. Whatever the broker sent after that stays unacknowledged in the session, for next time.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of this.wakeRetries) wake();
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
    await Promise.all(this.sessions.map((s) => s.client.endAsync(false)));
  }

  /** Drops the connections at once without acknowledging anything more, as a crash would. */
  async abort(): Promise<void> {
    this.stopping = true;
    for (const wake of this.wakeRetries) wake();
    await Promise.all(this.sessions.map((s) => s.client.endAsync(true)));
  }

  private openSession(clientId: string): Session {
    const options: IClientOptions = {
      protocolVersion: 5,
      clientId,
      username: this.options.username,
      password: this.options.password,
      // A persistent session: the broker keeps unacknowledged messages for redelivery on reconnect.
      clean: false,
      properties: { sessionExpiryInterval: this.options.sessionExpirySeconds ?? 86_400, receiveMaximum: Math.min(65_535, Math.max(1, this.options.inFlight ?? 256)) },
      // Subscribing on every connect is idempotent and also covers a session the broker expired.
      resubscribe: false,
      reconnectPeriod: 2_000,
      connectTimeout: 10_000,
      customHandleAcks: (topic: string, payload: Buffer, packet: { messageId: number }, handled: Ack) => {
        const { messageId } = packet;
        session.acks.hold(messageId);
        // Stopping: held and never settled, so left unacknowledged; the broker hands it back to this session next time.
        if (!this.stopping) this.onMessage(session, generation(), topic, payload, (code) => session.acks.settle(messageId, code));
        // Lets mqtt.js read the next message; the PUBACK itself is held until settled.
        handled(0);
      },
    };
    const client = connect(this.options.mqttUrl, options);
    let resolveSubscribed!: () => void;
    const session: Session = { clientId, client, generation: 0, acks: new HeldAcks(client), subscribed: new Promise((r) => (resolveSubscribed = r)) };
    const generation = () => session.generation;
    let lastError = "";

    client.on("connect", (connack) => {
      lastError = "";
      this.log.info(`mqtt-ingest: ${clientId} connected to ${this.options.mqttUrl}${connack.sessionPresent ? " (session resumed)" : ""}`);
      client.subscribe(this.subscription, { qos: 1 }, (error, granted) => {
        const refused = granted?.find((g) => g.qos > 2);
        if (error || refused) {
          this.log.error(`mqtt-ingest: ${clientId} could not subscribe to ${this.subscription}: ${error?.message ?? `reason code 0x${refused!.qos.toString(16)}`}`);
          return;
        }
        resolveSubscribed();
      });
    });
    client.on("close", () => {
      session.generation++;
      session.acks.drop();
    });
    client.on("error", (error) => {
      // The broker being away is reported once per outage, not on every reconnect attempt.
      if (error.message === lastError) return;
      lastError = error.message;
      this.log.error(`mqtt-ingest: ${clientId}: ${error.message}`);
    });
    // QoS 0 deliveries bypass customHandleAcks: nothing to acknowledge, store them as they come.
    client.on("message", (topic, payload, packet) => {
      if (packet.qos === 0) this.onMessage(session, generation(), topic, payload, () => {});
    });
    return session;
  }

  private onMessage(session: Session, generation: number, topic: string, payload: Buffer, ack: (code: number) => void) {
    if (this.stopping) return;
    const work = this.handle(topic, payload).then((code) => {
      // A reconnect in the meantime: the broker will redeliver it (a duplicate, dropped by its key).
      if (code !== null && session.generation === generation) ack(code);
    });
    const tracked = work.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** The PUBACK reason code for a message, or null when the worker stops before its event is stored. */
  private async handle(topic: string, payload: Buffer): Promise<number | null> {
    // Checked first, as HTTP ingestion authenticates before reading the body.
    if (!(await this.connectionEnabled())) {
      this.counts.refused++;
      return ACK_NOT_AUTHORIZED;
    }
    const item = this.parse(topic, payload);
    if (!item) {
      this.counts.invalid++;
      return ACK_PAYLOAD_INVALID;
    }
    return this.storeWithRetry(item, topic);
  }

  private async connectionEnabled(): Promise<boolean> {
    const enabled = await this.options.connectionEnabled();
    if (enabled !== this.connectionWasEnabled) {
      this.connectionWasEnabled = enabled;
      if (enabled) this.log.info(`mqtt-ingest: connection ${this.options.connectionId} is enabled again; storing its events`);
      else this.log.warn(`mqtt-ingest: connection ${this.options.connectionId} is disabled (or no longer exists); refusing its events (acknowledged with 0x87 Not authorized, not stored) until it is enabled`);
    }
    return enabled;
  }

  private parse(topic: string, payload: Buffer): IngestItem | null {
    const where = parseChirpstackTopic(topic);
    if (!where) {
      this.log.warn(`mqtt-ingest: ignoring a message on ${topic}: not a ChirpStack device event topic (application/<id>/device/<devEui>/event/<type>)`);
      return null;
    }
    let body: unknown;
    try {
      body = JSON.parse(payload.toString("utf8"));
    } catch (error) {
      this.log.warn(`mqtt-ingest: ignoring a message on ${topic}: not valid JSON (${(error as Error).message}); set the ChirpStack MQTT integration to the JSON marshaler`);
      return null;
    }
    let event: NetworkEvent;
    try {
      // Parsed as it arrives, so now is the receive time the event's own time is checked against.
      event = normalizeChirpstackEvent(where.eventType, body, new Date(), this.options.clockPolicy);
    } catch (error) {
      this.log.warn(`mqtt-ingest: ignoring a message on ${topic}: ${(error as Error).message}`);
      return null;
    }
    if (event.devEui !== where.devEui) {
      this.log.warn(`mqtt-ingest: ignoring a message on ${topic}: its body is for DevEUI ${event.devEui}, not the topic's ${where.devEui}`);
      return null;
    }
    return { event, connectionId: this.options.connectionId };
  }

  /**
   * Resolves with the PUBACK reason code once the event is stored (or refused for good), or null when
   * the worker stops first: then nothing is acknowledged.
   */
  private async storeWithRetry(item: IngestItem, topic: string): Promise<number | null> {
    const { initial, max } = this.options.retryDelayMs ?? { initial: 250, max: 30_000 };
    for (let attempt = 1, delay = initial; ; attempt++, delay = Math.min(max, delay * 2)) {
      try {
        const outcome = await this.options.ingest.submit(item);
        this.outage.succeeded();
        this.counts[outcome.status]++;
        return ACK_STORED;
      } catch (error) {
        this.counts.storeFailures++;
        if (isDataError(error)) {
          this.counts.rejected++;
          this.log.error(`mqtt-ingest: the database refused the event on ${topic} (${item.event.dedupKey}); acknowledging it so it is not redelivered forever`, error);
          return ACK_UNSPECIFIED_ERROR;
        }
        if (this.stopping) return null;
        if (!this.outage.failed(error)) this.log.error(`mqtt-ingest: storing the event on ${topic} failed (attempt ${attempt}); retrying in ${delay} ms, unacknowledged`, error);
        await this.pause(delay);
        if (this.stopping) return null;
      }
    }
  }

  private pause(ms: number) {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakeRetries.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakeRetries.add(wake);
    });
  }
}

/**
 * A data exception or integrity violation (SQLSTATE classes 22 and 23) comes from the event itself, so
 * retrying cannot help. Anything else (connection lost, server restarting, a lock timeout) may pass.
 */
export function isDataError(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && /^2[23][0-9A-Z]{3}$/.test(e.code)) return true;
  }
  return false;
}

export async function startMqttIngestWorker(options: MqttIngestWorkerOptions): Promise<MqttIngestWorker> {
  const worker = new MqttIngestWorker(options);
  await worker.start();
  return worker;
}
