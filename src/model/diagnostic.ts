/** A problem for a person, structured until print time (lnav's user_message, Vector's error list). */
export interface Diagnostic {
  /** Stable machine code, e.g. `ingest.gzip-truncated`, `patterns.bad-regex`. */
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  /** One line, naming what is wrong. */
  readonly title: string;
  readonly reason?: string;
  readonly where?: { readonly file: string; readonly line?: number; readonly field?: string };
  readonly help?: string;
}
