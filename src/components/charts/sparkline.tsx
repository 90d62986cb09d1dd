import { lineThroughReadings } from "@/domain/readings/reading-series";

/**
 * A small line of values between 0 and `max`, oldest first, for a table cell: joined across a
 * sensor's usual gaps, broken where it was silent for long (lineThroughReadings), with a dot on the
 * latest value. The drawing is hidden from assistive technology; `description` says it in words.
 */
export function Sparkline({ values, description, max = 100, colour = "#0f766e", width = 96, height = 24 }: {
  values: ReadonlyArray<number | null>;
  description: string;
  max?: number;
  colour?: string;
  width?: number;
  height?: number;
}) {
  const line = lineThroughReadings(values);
  const x = (i: number) => (values.length > 1 ? (i / (values.length - 1)) * (width - 4) + 2 : width / 2);
  const y = (v: number) => height - 2 - (Math.min(max, Math.max(0, v)) / max) * (height - 4);
  // Runs of drawn points, each one polyline.
  const runs: Array<Array<[number, number]>> = [];
  line.forEach((v, i) => {
    if (v === null) return;
    if (i === 0 || line[i - 1] === null) runs.push([]);
    runs.at(-1)!.push([x(i), y(v)]);
  });
  const last = values.findLastIndex((v) => v !== null);
  return (
    <span className="inline-block align-middle">
      <svg aria-hidden="true" width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="block overflow-visible">
        <line x1={0} x2={width} y1={height - 2} y2={height - 2} stroke="#e2e8f0" />
        {runs.map((run, i) =>
          run.length === 1 ? (
            <circle key={i} cx={run[0]![0]} cy={run[0]![1]} r={1.5} fill={colour} />
          ) : (
            <polyline key={i} points={run.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(" ")} fill="none" stroke={colour} strokeWidth={1.5} strokeLinejoin="round" />
          ),
        )}
        {last >= 0 && <circle cx={x(last)} cy={y(values[last]!)} r={2.5} fill={colour} />}
      </svg>
      <span className="sr-only">{description}</span>
    </span>
  );
}
