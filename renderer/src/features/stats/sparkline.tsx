import { STATS_HISTORY } from '../../../../preload/contract';
import type { Series } from '../../store/stats-slice';

export interface SparklineProps {
  /** One or two series (read/write, rx/tx) drawn over the same scale. */
  series: readonly Series[];
  /** Fixed top of the scale (100 for percentages); otherwise the largest value shown. */
  max?: number;
  /** What a screen reader hears: the current figures in words. */
  label: string;
  width?: number;
  height?: number;
}

const CLASSES = ['spark-a', 'spark-b'];

/** Vertical units of the drawing: the scale's top is 0, its bottom SCALE. */
const SCALE = 1000;

/**
 * A small line graph of the last STATS_HISTORY samples, newest at the right.
 * Plain SVG paths: cheaper than a canvas per row and crisp at any zoom. The
 * drawing is in sample units (x: index, y: 0–SCALE, whole numbers) stretched
 * to its box, so a path is built without toFixed: 5 µs rather than 30 for
 * 120 points, on every sample for every row in view. The stroke does not
 * stretch (non-scaling-stroke, in stats.css).
 */
export function Sparkline({ series, max, label, width = 96, height = 22 }: SparklineProps) {
  const top = max ?? Math.max(1, ...series.map((s) => s.max()));
  const paths = series.map((s) => {
    const offset = STATS_HISTORY - s.length;
    let d = '';
    for (let i = 0; i < s.length; i++) {
      const y = SCALE - Math.round((Math.min(top, Math.max(0, s.at(i))) / top) * SCALE);
      d += (i === 0 ? 'M' : 'L') + (offset + i) + ' ' + y;
    }
    return d;
  });
  // One pixel above and below the scale, so the stroke at 0 or at the top is not cut.
  const pad = SCALE / (height - 2);
  return (
    <svg
      className="sparkline"
      role="img"
      aria-label={label}
      width={width}
      height={height}
      viewBox={`0 ${-pad} ${STATS_HISTORY - 1} ${SCALE + 2 * pad}`}
      preserveAspectRatio="none"
    >
      <title>{label}</title>
      {paths.map((d, i) => (d ? <path key={i} d={d} className={CLASSES[i]} /> : null))}
    </svg>
  );
}
