import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectFormat, formats, MemberParser, newMemberParseStats, parseStandaloneLine, payloadFormats } from '../../src/formats/index.js';
import { zapConsole } from '../../src/formats/zap-console.js';
import { expectSampleRecord } from './expect-sample-record.js';
import { expectSniffWins } from './expect-sniff-wins.js';
import { feedLines, recordsOf } from './feed-lines.js';

const OTEL = readFileSync(new URL('../fixtures/formats/zap-console-otel.log', import.meta.url), 'utf8').split('\n').filter((l) => l.length > 0);

describe('zap-console samples', () => {
  for (const sample of zapConsole.samples) {
    it(`parses ${sample.source}`, () => {
      const records = recordsOf(feedLines(zapConsole, sample.lines).out);
      expect(records).toHaveLength(1);
      expectSampleRecord(records[0]!, sample.expect);
      expect(records[0]!.lineCount).toBe(sample.lines.length);
      expectSniffWins(zapConsole, sample.lines[0]!, formats.filter((f) => f.id !== 'zap-console'));
    });
  }
});

describe('zap-console', () => {
  it('reads the OpenTelemetry collector file: caller, message, context and the stack trace under the error', () => {
    expect(detectFormat(OTEL.slice(0, 24), formats).id).toBe('zap-console');
    const { out, accepted } = feedLines(zapConsole, OTEL);
    expect(accepted.every(Boolean)).toBe(true);
    const records = recordsOf(out);
    expect(records.map((r) => [r.line, r.lineCount, r.severity])).toEqual([[1, 1, 'info'], [2, 7, 'error'], [9, 1, 'info']]);
    const error = records[1]!;
    expect(error.message).toBe('Exporting failed. Dropping data.');
    expect(error.fields).toMatchObject({ caller: 'internal/queue_sender.go:128', 'otelcol.component.id': 'otlphttp/prometheus', dropped_items: '60' });
    expect(error.fields['stacktrace']?.split('\n')[0]).toBe('go.opentelemetry.io/collector/exporter/exporterhelper/internal.NewQueueSender.func3');
    expect(error.time).toEqual({ kind: 'instant', epochMs: Date.UTC(2025, 3, 24, 22, 9, 20, 856) });
  });

  it('reads the logger name when there is no caller (controller-runtime 0.6)', () => {
    // https://github.com/kubevela/kubevela/issues/1130
    const r = recordsOf(feedLines(zapConsole, ['2021-03-03T20:11:20.735+0900\tINFO\tcontroller\tStarting Controller\t{"reconcilerGroup": "core.oam.dev", "reconcilerKind": "ApplicationConfiguration", "controller": "oam/applicationconfiguration.core.oam.dev"}']).out)[0]!;
    expect(r).toMatchObject({ severity: 'info', message: 'Starting Controller', fields: { logger: 'controller', reconcilerKind: 'ApplicationConfiguration' } });
    expect(r.fields['caller']).toBeUndefined();
  });

  it('reads epoch-float times (controller-runtime 0.11)', () => {
    // https://github.com/xco-sk/eck-custom-resources/issues/35
    const r = recordsOf(feedLines(zapConsole, ['1.6566789075022764e+09\tERROR\tcontroller-runtime.source\tif kind is a CRD, it should be installed before calling Start\t{"kind": "IndexLifecyclePolicy.es.eck.github.com", "error": "no matches for kind \\"IndexLifecyclePolicy\\" in version \\"es.eck.github.com/v1alpha1\\""}']).out)[0]!;
    expect(r.severity).toBe('error');
    expect(r.time?.kind === 'instant' ? Math.round(r.time.epochMs) : 0).toBe(1656678907502);
    expect(r.fields['kind']).toBe('IndexLifecyclePolicy.es.eck.github.com');
  });

  it('is read as the payload of a CRI line', () => {
    // The kubevela line above as containerd writes it to /var/log/pods
    const e = parseStandaloneLine('2021-03-03T11:11:20.735512345Z stderr F 2021-03-03T20:11:20.735+0900\tINFO\tcontroller\tStarting Controller\t{"reconcilerGroup": "core.oam.dev"}');
    expect(e).toMatchObject({ format: 'zap-console', severity: 'info', message: 'Starting Controller', fields: { logger: 'controller', reconcilerGroup: 'core.oam.dev', stream: 'stderr' } });
  });

  it('refuses lines of other formats', () => {
    for (const line of ['2016-10-06T00:17:09.669794202Z stdout F hello', '2025-04-24T22:09:20.854Z info Metrics', '2025-04-24T22:09:20.854Z\tnotalevel\tx', 'I0517 15:04:22.619632 1952452992 logging_unittest.cc:253] x']) {
      expect(zapConsole.sniff(line), line).toBe(0);
    }
  });

  it('never throws and sniff stays in [0,1]', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        for (const t of [s, `2025-04-24T22:09:20.854Z\terror\t${s}`, `2025-04-24T22:09:20.854Z\tinfo\tx\t{${s}}`]) {
          const score = zapConsole.sniff(t);
          expect(score >= 0 && score <= 1).toBe(true);
          zapConsole.parsePayload(t);
          zapConsole.createParser().push({ source: { bundle: 't', member: 'm' }, lineNumber: 1, text: t });
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('zap-console stack traces in a member', () => {
  it('joins the trace of an error even when the trace outweighs the records in the first lines', () => {
    // https://github.com/kubevela/kubevela/issues/1130
    const lines = [
      '2021-03-03T20:11:22.982+0900\tERROR\tcontroller-runtime.source\tif kind is a CRD, it should be installed before calling Start\t{"kind": "ServiceMonitor.monitoring.coreos.com", "error": "no matches for kind \\"ServiceMonitor\\" in version \\"monitoring.coreos.com/v1\\""}',
      'github.com/go-logr/zapr.(*zapLogger).Error',
      '\t/home/roywang/go/pkg/mod/github.com/go-logr/zapr@v0.1.1/zapr.go:128',
      'sigs.k8s.io/controller-runtime/pkg/source.(*Kind).Start',
      '\t/home/roywang/go/pkg/mod/sigs.k8s.io/controller-runtime@v0.6.2/pkg/source/source.go:117',
      'sigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller).Start.func1',
      '\t/home/roywang/go/pkg/mod/sigs.k8s.io/controller-runtime@v0.6.2/pkg/internal/controller/controller.go:140',
    ];
    const stats = newMemberParseStats();
    const info = { source: { bundle: 'b', member: 'manager.log' } };
    const parser = new MemberParser(info, detectFormat(lines, formats), { formats, payloadFormats, anchors: { latest: Date.UTC(2030, 0, 1) } }, stats);
    const events = [...lines.flatMap((text, i) => parser.push({ source: info.source, lineNumber: i + 1, text })), ...parser.end()];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ format: 'zap-console', severity: 'error', origin: { line: 1, lineCount: 7 } });
    expect(stats.untimed).toBe(0);
  });
});
