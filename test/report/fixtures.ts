import type { Incident, ContextEvent } from '../../src/model/incident.js';
import type { MemberStatus } from '../../src/model/coverage.js';
import type { ActivityBucket } from '../../src/model/report.js';
import { buildReport } from '../../src/report/build-report.js';
import type { Report } from '../../src/model/report.js';
import type { ReportInput } from '../../src/report/report-input.js';

// Evidence lines are verbatim from test/fixtures/journal/incident-default.short-iso.txt (journalctl -o short-iso
// of a k3s power-loss incident; line numbers are that file's). The containerd wording is the one reported in
// https://github.com/containerd/containerd/issues/10848 and https://github.com/k3s-io/k3s/issues/11973.
const BUNDLE = 'k3s-node-03-support.tgz';
const JOURNAL = `${BUNDLE}:journal/journalctl-short-iso.txt`;
const SANDBOX = 'c8ba6e5a03c305b920d96a3ca503c5bf110074f2cbf97a6af5b135db2f665516';

const t = (iso: string): number => Date.parse(iso);

const CRI_FATAL = (ts: string, pid: number, nanos: string): string =>
  `${ts}+0000 k3s-node-03 k3s[${pid}]: time="${ts}.${nanos}Z" level=fatal msg="Failed to run CRI service" error="failed to recover state: failed to get metadata for stored sandbox \\"${SANDBOX}\\": not found"`;

export const SANDBOX_ID = SANDBOX;
export const ROOT_ID = 'containerd-sandbox-recovery-failed@k3s-node-03#1';
export const SHUTDOWN_ID = 'node-unclean-shutdown@k3s-node-03#1';
export const LOOP_ID = 'service-restart-loop@k3s-node-03#1';
export const WATCH_ID = 'apiserver-watch-connection-lost@k3s-node-03#1';
export const RUNBOOK = 'https://github.com/k3s-io/k3s/issues/11973';

const uncleanShutdown: Incident = {
  id: SHUTDOWN_ID,
  signature: 'node-unclean-shutdown',
  title: 'Node lost power or crashed: the journal was not closed cleanly',
  severity: 'warning',
  role: 'context',
  host: 'k3s-node-03',
  firstSeen: t('2025-03-14T14:25:13Z'),
  lastSeen: t('2025-03-14T14:25:13Z'),
  count: 1,
  fields: { journal: ['/var/log/journal/4f6c0e2a9b3d4e1f8a7b6c5d4e3f2a1b/system.journal'] },
  evidence: [
    {
      file: JOURNAL,
      line: 51,
      timestamp: t('2025-03-14T14:25:13Z'),
      text: '2025-03-14T14:25:13+0000 k3s-node-03 systemd-journald[301]: File /var/log/journal/4f6c0e2a9b3d4e1f8a7b6c5d4e3f2a1b/system.journal corrupted or uncleanly shut down, renaming and replacing.',
    },
  ],
  runbook: 'https://www.freedesktop.org/software/systemd/man/latest/systemd-journald.service.html',
};

const sandboxRecovery: Incident = {
  id: ROOT_ID,
  signature: 'containerd-sandbox-recovery-failed',
  title: 'containerd cannot recover sandbox state after an unclean shutdown',
  severity: 'critical',
  role: 'cause',
  host: 'k3s-node-03',
  firstSeen: t('2025-03-14T14:25:15.518Z'),
  lastSeen: t('2025-03-14T14:25:37.264Z'),
  count: 5,
  fields: { sandboxId: [SANDBOX] },
  evidence: [
    { file: JOURNAL, line: 72, timestamp: t('2025-03-14T14:25:15.518Z'), text: CRI_FATAL('2025-03-14T14:25:15', 809, '518500416') },
    { file: JOURNAL, line: 100, timestamp: t('2025-03-14T14:25:20.955Z'), text: CRI_FATAL('2025-03-14T14:25:20', 1377, '955000416') },
    { file: JOURNAL, line: 193, timestamp: t('2025-03-14T14:25:37.264Z'), text: CRI_FATAL('2025-03-14T14:25:37', 1760, '264500416') },
  ],
  causedBy: SHUTDOWN_ID,
  runbook: RUNBOOK,
};

const restartLoop: Incident = {
  id: LOOP_ID,
  signature: 'service-restart-loop',
  title: 'k3s.service keeps failing and being restarted by systemd',
  severity: 'error',
  role: 'symptom',
  host: 'k3s-node-03',
  firstSeen: t('2025-03-14T14:25:15Z'),
  lastSeen: t('2025-03-14T14:25:42Z'),
  count: 5,
  fields: { unit: ['k3s.service'] },
  evidence: [
    { file: JOURNAL, line: 74, timestamp: t('2025-03-14T14:25:15Z'), text: '2025-03-14T14:25:15+0000 k3s-node-03 systemd[1]: k3s.service: Main process exited, code=exited, status=1/FAILURE' },
    { file: JOURNAL, line: 78, timestamp: t('2025-03-14T14:25:20Z'), text: '2025-03-14T14:25:20+0000 k3s-node-03 systemd[1]: k3s.service: Scheduled restart job, restart counter is at 1.' },
    { file: JOURNAL, line: 199, timestamp: t('2025-03-14T14:25:42Z'), text: '2025-03-14T14:25:42+0000 k3s-node-03 systemd[1]: k3s.service: Scheduled restart job, restart counter is at 5.' },
  ],
  causedBy: ROOT_ID,
  runbook: 'https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html#Restart=',
};

const watchLost: Incident = {
  id: WATCH_ID,
  signature: 'apiserver-watch-connection-lost',
  title: 'kubelet lost its watch connection to the API server',
  severity: 'warning',
  role: 'symptom',
  host: 'k3s-node-03',
  firstSeen: t('2025-03-14T13:43:51Z'),
  lastSeen: t('2025-03-14T13:43:51Z'),
  count: 1,
  fields: {},
  evidence: [
    {
      file: JOURNAL,
      line: 43,
      timestamp: t('2025-03-14T13:43:51Z'),
      text: '2025-03-14T13:43:51+0000 k3s-node-03 k3s[812]: W0314 13:43:51.311552     812 reflector.go:561] k8s.io/client-go/informers/factory.go:160: watch of *v1.Endpoints ended with: an error on the server ("unable to decode an event from the watch stream: http2: client connection lost") has prevented the request from succeeding',
    },
  ],
};

const context: ContextEvent[] = [
  { kind: 'boot', host: 'k3s-node-03', timestamp: t('2025-03-14T06:12:03Z'), text: '-- boot b1e7c3a0d5f84c2e9a6b0d1f2e3c4a5b --', file: JOURNAL, line: 1 },
  { kind: 'unclean-shutdown', host: 'k3s-node-03', timestamp: t('2025-03-14T14:25:11Z'), text: '-- Boot 7d2f9e4c1a8b4f63b5e0c9d8a7f6e5d4 --', file: JOURNAL, line: 44 },
  { kind: 'boot', host: 'k3s-node-03', timestamp: t('2025-03-14T14:25:11Z'), text: '-- Boot 7d2f9e4c1a8b4f63b5e0c9d8a7f6e5d4 --', file: JOURNAL, line: 44 },
  { kind: 'service-failed', host: 'k3s-node-03', timestamp: t('2025-03-14T14:25:15Z'), unit: 'k3s.service', text: "k3s.service: Failed with result 'exit-code'.", file: JOURNAL, line: 75 },
];

const files: MemberStatus[] = [
  {
    path: JOURNAL, bundle: BUNDLE, host: 'k3s-node-03', component: 'journal', format: 'journal-short-iso', status: 'parsed',
    lines: 226, parsed: 226, unparsed: 0, events: 218, firstTimestamp: t('2025-03-14T06:12:03Z'), lastTimestamp: t('2025-03-14T14:25:42Z'),
  },
  {
    path: `${BUNDLE}:agent/containerd/containerd.log`, bundle: BUNDLE, host: 'k3s-node-03', component: 'containerd', format: 'logrus', status: 'parsed',
    lines: 140, parsed: 136, unparsed: 4, untimed: 4, events: 136, firstTimestamp: t('2025-03-14T06:12:07Z'), lastTimestamp: t('2025-03-14T14:25:37Z'),
  },
  {
    path: `${BUNDLE}:var/lib/rancher/k3s/agent/core.1234`, bundle: BUNDLE, host: 'k3s-node-03', status: 'skipped',
    reason: 'binary file (NUL bytes in the first 8 KiB)', lines: 0, parsed: 0, unparsed: 0, events: 0,
  },
  {
    path: 'k3s-agent-01-support.tgz:journal/journalctl-short-iso.txt', bundle: 'k3s-agent-01-support.tgz', host: 'k3s-agent-01', component: 'journal',
    format: 'journal-short-iso', status: 'parsed', lines: 512, parsed: 509, unparsed: 3, events: 509,
    firstTimestamp: t('2025-03-14T06:00:00Z'), lastTimestamp: t('2025-03-14T14:30:00Z'),
  },
];

function activity(): ActivityBucket[] {
  const out: ActivityBucket[] = [];
  const minute = 60_000;
  out.push({ host: 'k3s-node-03', start: t('2025-03-14T06:12:00Z'), events: 36, errors: 0 });
  for (let m = t('2025-03-14T06:22:00Z'); m < t('2025-03-14T13:43:00Z'); m += 50 * minute) {
    out.push({ host: 'k3s-node-03', start: m, events: 1, errors: 0 });
  }
  out.push({ host: 'k3s-node-03', start: t('2025-03-14T13:43:00Z'), events: 1, errors: 0 });
  out.push({ host: 'k3s-node-03', start: t('2025-03-14T14:25:00Z'), events: 175, errors: 27 });
  for (let m = t('2025-03-14T06:00:00Z'); m <= t('2025-03-14T14:30:00Z'); m += 10 * minute) {
    out.push({ host: 'k3s-agent-01', start: m, events: 8, errors: m > t('2025-03-14T14:26:00Z') ? 2 : 0 });
  }
  return out;
}

export const SIGNATURES: ReportInput['signatures'] = [
  {
    id: 'containerd-sandbox-recovery-failed',
    title: 'containerd cannot recover sandbox state after an unclean shutdown',
    summary: 'containerd exits at start because a sandbox in its metadata store has no record.',
    explanation:
      'After power loss the bolt metadata store and the CRI sandbox store disagree. containerd 2.0.0–2.0.3 treats the missing sandbox as fatal, so the CRI plugin, containerd and then k3s exit on every start.',
    remediation: [
      'Upgrade to k3s v1.32.3+k3s1 / v1.31.7+k3s1 or later (containerd 2.0.4 skips the broken sandbox).',
      'Until then: `systemctl stop k3s`, move `/var/lib/rancher/k3s/agent/containerd` aside, `systemctl start k3s`.',
    ],
    runbook: RUNBOOK,
    references: ['https://github.com/containerd/containerd/issues/10848', RUNBOOK],
  },
  {
    id: 'node-unclean-shutdown',
    title: 'Node lost power or crashed: the journal was not closed cleanly',
    summary: 'The previous boot ended without a shutdown.',
    explanation: 'journald found its file still marked online at boot, which only happens when the machine stopped without shutting down.',
    remediation: ['Check the power supply, hypervisor events and kernel panics of the previous boot.'],
    references: [],
  },
  {
    id: 'service-restart-loop',
    title: 'A systemd service keeps failing and being restarted',
    summary: 'systemd restarts the unit again and again.',
    explanation: 'The main process exits with a failure shortly after each start.',
    remediation: ['Read the unit\'s own error just before each "Main process exited".'],
    references: [],
  },
  {
    id: 'apiserver-watch-connection-lost',
    title: 'kubelet lost its watch connection to the API server',
    summary: 'A client-go watch ended with a connection error.',
    explanation: 'Usually transient; repeated occurrences point at the API server or the network.',
    remediation: ['Check API server health around this time.'],
    references: [],
  },
  {
    id: 'unused-signature',
    title: 'Not referenced by any incident',
    summary: 'x',
    explanation: 'x',
    remediation: [],
    references: [],
  },
];

/** A k3s server that lost power: unclean shutdown → containerd cannot recover a sandbox → k3s restart loop. */
export function powerLossInput(): ReportInput {
  return {
    version: '0.1.0',
    inputs: [BUNDLE, 'k3s-agent-01-support.tgz'],
    files,
    analysis: {
      incidents: [watchLost, restartLoop, uncleanShutdown, sandboxRecovery],
      rootCause: {
        incident: ROOT_ID,
        signature: 'containerd-sandbox-recovery-failed',
        confidence: 0.9,
        chain: [SHUTDOWN_ID, ROOT_ID, LOOP_ID],
        explanation:
          'The node lost power at about 13:44 (no shutdown messages, journal uncleanly closed). On the next boot containerd could not load sandbox metadata and exited, so k3s failed and systemd restarted it in a loop.',
      },
      context,
    },
    activity: activity(),
    activityWindow: { start: t('2025-03-14T06:00:00Z'), end: t('2025-03-14T14:30:00Z'), bucketMs: 60_000 },
    // The zoom the analysis makes when the incidents fill a small part of the span (as the pipeline does).
    incidentActivity: {
      start: t('2025-03-14T13:33:23.250Z'),
      end: t('2025-03-14T14:30:00Z'),
      bucketMs: 60_000,
      buckets: activity().filter((b) => b.start >= t('2025-03-14T13:33:00Z')),
    },
    hostCoverage: [
      {
        host: 'k3s-node-03',
        sources: [
          { component: 'journal', files: 1, events: 218, start: t('2025-03-14T06:12:03Z'), end: t('2025-03-14T14:25:42Z') },
          { component: 'containerd', files: 1, events: 136, start: t('2025-03-14T06:12:07Z'), end: t('2025-03-14T14:25:37Z') },
        ],
        lines: 366,
        unparsed: 4,
        gaps: [{ start: t('2025-03-14T13:43:51Z'), end: t('2025-03-14T14:25:11Z') }],
      },
      {
        host: 'k3s-agent-01',
        sources: [{ component: 'journal', files: 1, events: 509, start: t('2025-03-14T06:00:00Z'), end: t('2025-03-14T14:30:00Z') }],
        lines: 512,
        unparsed: 3,
        gaps: [],
      },
    ],
    assumptions: ['containerd.log: times without a zone were read as UTC (the bundle carries no zone).'],
    warnings: [
      {
        code: 'ingest.skipped-binary',
        severity: 'info',
        title: 'skipped a binary member',
        where: { file: `${BUNDLE}:var/lib/rancher/k3s/agent/core.1234` },
      },
      {
        code: 'format.unparsed-lines',
        severity: 'warning',
        title: '4 lines matched no known format',
        reason: 'kept as plain text',
        where: { file: `${BUNDLE}:agent/containerd/containerd.log`, line: 12 },
        help: 'run `logsift timeline` to see them',
      },
    ],
    signatures: SIGNATURES,
  };
}

export function powerLossReport(): Report {
  return buildReport(powerLossInput());
}

/** A bundle that parsed cleanly and shows nothing wrong. */
export function emptyInput(): ReportInput {
  return {
    version: '0.1.0',
    inputs: ['quiet-node.tgz'],
    files: [
      {
        path: 'quiet-node.tgz:journal/journalctl-short-iso.txt', bundle: 'quiet-node.tgz', host: 'quiet-node', component: 'journal',
        format: 'journal-short-iso', status: 'parsed', lines: 43, parsed: 43, unparsed: 0, events: 43,
        firstTimestamp: t('2025-03-14T06:12:03Z'), lastTimestamp: t('2025-03-14T13:43:51Z'),
      },
    ],
    analysis: { incidents: [], rootCause: null, context: [] },
    activity: [{ host: 'quiet-node', start: t('2025-03-14T06:12:00Z'), events: 36, errors: 0 }],
    hostCoverage: [
      {
        host: 'quiet-node',
        sources: [{ component: 'journal', files: 1, events: 43, start: t('2025-03-14T06:12:03Z'), end: t('2025-03-14T13:43:51Z') }],
        lines: 43,
        unparsed: 0,
        gaps: [],
      },
    ],
    assumptions: [],
    warnings: [],
    signatures: SIGNATURES,
  };
}

export function emptyReport(): Report {
  return buildReport(emptyInput());
}

/** The power-loss input with the root cause's first evidence line replaced (hostile-text tests). */
export function withRootEvidenceText(text: string): Report {
  const input = powerLossInput();
  const incidents = input.analysis.incidents.map((i) =>
    i.id === ROOT_ID ? { ...i, evidence: [{ ...i.evidence[0], text }, ...i.evidence.slice(1)] } : i,
  );
  return buildReport({ ...input, analysis: { ...input.analysis, incidents } });
}

/**
 * The power-loss report plus one match seen below its threshold and one error shape no signature knows; both example
 * lines are verbatim from test/fixtures/journal/incident-default.short-iso.txt (lines 43 and 38).
 */
export function withObservationAndUnrecognised(): Report {
  const input = powerLossInput();
  const watchLine =
    '2025-03-14T13:43:51+0000 k3s-node-03 k3s[812]: W0314 13:43:51.311552     812 reflector.go:561] k8s.io/client-go/informers/factory.go:160: watch of *v1.Endpoints ended with: an error on the server ("unable to decode an event from the watch stream: http2: client connection lost") has prevented the request from succeeding';
  const statusLine =
    '2025-03-14T09:32:03+0000 k3s-node-03 k3s[812]: I0314 09:32:03.000000     812 kubelet_getters.go:218] "Pod status is inconsistent with cached status for pod, a reconciliation should be triggered" pod="kube-system/metrics-server-5985cbc9d7-q2n6x"';
  return buildReport({
    ...input,
    analysis: {
      ...input.analysis,
      observations: [
        {
          signature: 'apiserver-watch-connection-lost',
          title: 'Watch connections to the API server were lost',
          severity: 'info',
          signatureSeverity: 'warning',
          host: 'k3s-agent-01',
          firstSeen: t('2025-03-14T13:43:51.311Z'),
          lastSeen: t('2025-03-14T13:43:51.311Z'),
          count: 1,
          threshold: { count: 3, withinMs: 600_000 },
          example: { file: JOURNAL, line: 43, timestamp: t('2025-03-14T13:43:51Z'), text: watchLine },
        },
      ],
    },
    unrecognised: [
      {
        template: 'Pod status is inconsistent with cached status for pod, a reconciliation should be triggered pod=<*>',
        count: 5,
        hosts: ['k3s-node-03'],
        components: ['kubelet'],
        firstSeen: t('2025-03-14T09:32:03Z'),
        lastSeen: t('2025-03-14T12:52:03Z'),
        example: { file: JOURNAL, line: 38, timestamp: t('2025-03-14T09:32:03Z'), text: statusLine },
      },
    ],
  });
}
