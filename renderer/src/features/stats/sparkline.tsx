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

/**
 * A small line graph of the last STATS_HISTORY samples, newest at the right.
 * Plain SVG paths: cheaper than a canvas per row and crisp at any zoom.
 */
export function Sparkline({ series, max, label, width = 96, height = 22 }: SparklineProps) {
  const top = max ?? Math.max(1, ...series.map((s) => s.max()));
  const step = width / (STATS_HISTORY - 1);
  const paths = series.map((s) => {
    let d = '';
    const offset = STATS_HISTORY - s.length;
    for (let i = 0; i < s.length; i++) {
      const x = (offset + i) * step;
      const y = height - 1 - (Math.min(top, Math.max(0, s.at(i))) / top) * (height - 2);
      d += `${i === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`;
    }
    return d;
  });
  return (
    <svg className="sparkline" role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <title>{label}</title>
      {paths.map((d, i) => (d ? <path key={i} d={d} className={CLASSES[i]} /> : null))}
    </svg>
  );
}
