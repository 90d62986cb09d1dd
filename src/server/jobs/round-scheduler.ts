import { OutageLog } from "@/server/db/database-unavailable";

/**
 * Runs a worker's rounds in this process: every `intervalMs`, and at once again while a round reports a
 * backlog, so a queue drains at full speed. The timer does not hold the process open (it must not keep a
 * web server alive). A failed round is logged and the next one runs as usual; the database being away
 * is said once per outage (the round gets the log, to say so from inside too) rather than as a stack
 * trace per round. `stop()` resolves once the round in progress has finished (its outcomes recorded).
 */
export function startRoundScheduler<R>(options: {
  name: string;
  intervalMs: number;
  round: (outage: OutageLog) => Promise<R>;
  backlog: (result: R) => boolean;
  onRound?: (result: R) => void;
  /** What waits while the database is away, for the outage's log line. */
  meanwhile?: string;
}) {
  const outage = new OutageLog(options.name, options.meanwhile ?? "its work waits; trying again every round");
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let current = Promise.resolve();

  const schedule = (delayMs: number) => {
    timer = setTimeout(() => (current = run()), delayMs);
    timer.unref();
  };
  const run = async () => {
    let backlog = false;
    try {
      const result = await options.round(outage);
      outage.succeeded();
      options.onRound?.(result);
      backlog = options.backlog(result);
    } catch (error) {
      if (!outage.failed(error)) console.error(`${options.name}: a round failed; trying again next round`, error);
    }
    if (!stopping) schedule(backlog ? 0 : options.intervalMs);
  };

  schedule(options.intervalMs);
  return {
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await current;
    },
  };
}
