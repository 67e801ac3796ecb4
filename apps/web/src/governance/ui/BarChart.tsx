import type { Bar } from "../shadow/series";

const ROW = 26;
const LABEL = 120;
const WIDTH = 420;

/** Horizontal bars drawn in SVG, with the numbers written beside them (no chart library). */
export function BarChart({ title, bars }: { title: string; bars: readonly Bar[] }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const summary = bars.map((b) => `${b.label} ${b.value}`).join(", ");
  const height = bars.length * ROW + 4;
  return (
    <figure className="gov-chart">
      <figcaption>{title}</figcaption>
      <svg
        role="img"
        aria-label={`${title}: ${summary}`}
        width={WIDTH}
        height={height}
        viewBox={`0 0 ${WIDTH} ${height}`}
      >
        {bars.map((b, i) => {
          const w = Math.round(((WIDTH - LABEL - 50) * b.value) / max);
          const y = i * ROW + 2;
          return (
            <g key={b.label}>
              <text x={0} y={y + 16} className="gov-chart-label">
                {b.label}
              </text>
              <rect
                x={LABEL}
                y={y + 3}
                width={Math.max(w, b.value > 0 ? 2 : 0)}
                height={ROW - 8}
                className={`tone-${b.tone}`}
                rx={3}
              />
              <text x={LABEL + w + 6} y={y + 16} className="gov-chart-value">
                {b.value}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
