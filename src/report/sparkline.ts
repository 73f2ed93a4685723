const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** Unicode block sparkline of event counts; empty slices are a space so silence (a gap) is visible. */
export function sparkline(values: readonly number[], max?: number): string {
  const top = max ?? Math.max(0, ...values);
  return values
    .map((v) => {
      if (v <= 0 || top <= 0) return ' ';
      return BLOCKS[Math.min(BLOCKS.length - 1, Math.floor((v / top) * (BLOCKS.length - 1) + 0.5))];
    })
    .join('');
}
