/** Sentences every renderer uses word for word, so text, markdown, HTML and terminal say the same thing. */
export const PHRASES = {
  noIncidents: 'No incidents found.',
  noRootCause: 'No root cause: nothing in these logs explains the incidents below.',
  rootCauseHeading: 'ROOT CAUSE',
  chainHeading: 'Chain of events (cause first)',
} as const;

/** `300 untimed (17.8%)`: lines whose events carry no time, so they sit outside every time window. */
export function untimedShare(untimed: number, lines: number): string {
  const pct = lines > 0 ? (untimed / lines) * 100 : 0;
  return `${untimed} untimed (${pct.toFixed(1)}%)`;
}

/** `12 unparsed (1.4%)`, with one decimal so small shares stay visible. */
export function unparsedShare(unparsed: number, lines: number): string {
  const pct = lines > 0 ? (unparsed / lines) * 100 : 0;
  return `${unparsed} unparsed (${pct.toFixed(1)}%)`;
}
