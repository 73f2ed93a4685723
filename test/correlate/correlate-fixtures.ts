import type { LogEvent } from '../../src/model/log-event.js';
import type { Match } from '../../src/model/match.js';
import type { CauseLink, Signature, SignatureRole, SignatureSeverity } from '../../src/model/signature.js';

export function signature(id: string, extra: Partial<{ severity: SignatureSeverity; role: SignatureRole; causes: CauseLink[]; causedBy: CauseLink[]; threshold: Signature['threshold'] }> = {}): Signature {
  return {
    id, title: `Title of ${id}`, severity: extra.severity ?? 'error', role: extra.role ?? 'cause', components: [], rules: [], unless: [],
    threshold: extra.threshold, summary: `Summary of ${id}.`, explanation: '', remediation: ['do a thing'], runbook: `https://example.test/${id}`,
    references: [], affects: [], fixedIn: [], causes: extra.causes ?? [], causedBy: extra.causedBy ?? [], file: `patterns/${id}.yaml`,
  };
}

let line = 0;
export function match(sig: string, iso: string, host = 'node-a', captures: Record<string, string> = {}): Match {
  line++;
  const event: LogEvent = {
    timestamp: Date.parse(iso), timeQuality: 'exact', host, severity: 'error', message: `${sig} happened`, fields: {}, format: 'logrus',
    origin: { bundle: 'bundle.tgz', member: `logs/${sig}.log`, line, lineCount: 1 }, raw: `raw line for ${sig} at ${iso}`,
  };
  return { signature: sig, event, captures };
}

export const link = (sig: string, withinMs = 10 * 60_000, sameHost = true): CauseLink => ({ signature: sig, withinMs, sameHost });
