import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formats } from '../../src/formats/index.js';
import type { LogFormat, ParseOutput, ParsedRecord, Payload } from '../../src/formats/log-format.js';
import { SKIMMED_FIELDS, SKIM_UNSURE } from '../../src/formats/skim.js';
import { fuzzSeed } from '../fuzz-seed.js';

const { seed } = fuzzSeed();
const source = { bundle: 't', member: 'm' };

/** Pieces logrus and klog lines are made of, bad ones included: quotes, escapes, CRs, colour codes, odd keys. */
const piece = fc.constantFrom(
  'time="2025-03-14T14:25:15.518500416Z"', 'time=2025-03-14T14:25:15Z', 'time="2025-03-14 14:25:15"', 'time="not a time"',
  'level=info', 'level=debug', 'level=warning', 'level=INFO', 'level="info"', 'level="in\\x66o"', 'level=bogus',
  'level=error', 'level=warn', 'level=trace', 'level=Debug', 'level=inf', 'level=infos', 'level="error"', 'level=constructor',
  'msg="plain"', 'msg="a \\"quoted\\" word"', 'msg="ends in \\\\"', 'msg="caf\\u00e9 \\303\\251"', 'msg="unclosed', 'msg=',
  'component=containerd', 'component="k\\x33s"', 'component=', '_SYSTEMD_UNIT=k3s.service', 'key="v"x', '=v', 'k v', '"q"',
  'I0314 14:25:15.518500    812 kubelet.go:2468]', 'W0314 14:25:15.518500    812 pod_workers.go:1301]', 'E1301 14:25:15.518500 1 x.go:1]',
  'I0314 14:25:15.5185    812 kubelet.go:1]', 'I0314 14:25:15.518500 812 :1]', '"Status for pod" pod="kube-system/x"', 'err=<', '\t| line',
  ' >', 'INFO[0000] starting', 'WARN[2018-07-24T08:11:07Z] x', '\r', '\u001b[31m', '\\', '"', ' ', '\t',
);
const lineArb = fc.array(piece, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(' '));

function sameHead(skimmed: ParsedRecord | Payload, whole: ParsedRecord | Payload): void {
  expect(skimmed.message).toBe('');
  expect(skimmed.fields).toBe(SKIMMED_FIELDS);
  const { message: _m, fields: _f, skimmedText: _s, ...head } = skimmed as ParsedRecord;
  const { message: _wm, fields: _wf, skimmedText: _ws, ...wholeHead } = whole as ParsedRecord;
  expect(head).toEqual(wholeHead);
}

const skimmers = formats.filter((f): f is LogFormat & Required<Pick<LogFormat, 'skimPayload' | 'parsePayload'>> => f.skimPayload !== undefined && f.parsePayload !== undefined);

describe('payload skims', () => {
  it('exist for the payloads of the bench bundle (logrus, klog) and, as refusals only, for every other payload format', () => {
    expect(skimmers.map((f) => f.id).sort()).toEqual(['capnslog', 'json-lines', 'klog', 'logrus', 'zap-console']);
  });

  it.each(['capnslog', 'json-lines', 'zap-console'])('%s: refuses only what it never reads, on CRI and journal messages of the bench bundle', (id) => {
    const format = skimmers.find((f) => f.id === id)!;
    // Messages of the bench bundle's pod logs and journals (coredns, nginx access, traefik, sshd), and near misses.
    const messages = [
      '[INFO] 10.42.0.162:36744 - 51448 "A IN web.shop.svc.cluster.local. udp 53 false 512" NOERROR qr,aa,rd 116 0.000179s',
      '10.42.0.32 - - [13/Mar/2025:14:31:07 +0000] "GET /healthz HTTP/1.1" 200 6048 "-" "curl/8.5.0" "-"',
      '{"level":"debug","time":"2025-03-13T14:31:07Z","message":"Configuration received","providerName":"kubernetescrd"}',
      ' {"level":"info","msg":"padded"}', '\u00a0{"level":"info","msg":"nbsp"}', '\ufeff{"level":"info","msg":"bom"}',
      'Accepted publickey for root from 10.20.30.1 port 57395 ssh2',
      '2018-10-11 08:36:19.724999 W | etcdserver: read-only range request took too long',
      '2025-04-24T22:09:20.854Z\tinfo\tMetrics\t{"otelcol.signal": "metrics"}', '1568166948.8119395\twarn\tapply took too long',
      '2020/01/26 03:17:29 oauthproxy.go:221: compiled skip-auth-regex', '', '\t', '{', '}',
    ];
    for (const message of messages) {
      const skimmed = format.skimPayload(message);
      if (skimmed === undefined) expect(format.parsePayload(message), message).toBeUndefined();
      else expect(skimmed, message).toBe(SKIM_UNSURE);
    }
    expect(format.skimPayload(messages[0]!)).toBeUndefined();
  });

  it.each(skimmers.map((f) => [f.id, f] as const))('%s: gives what parsePayload gives, but message and fields, or is unsure', (_id, format) => {
    const check = (line: string): void => {
      const skimmed = format.skimPayload(line);
      if (skimmed === SKIM_UNSURE) return;
      const whole = format.parsePayload(line);
      if (skimmed === undefined) expect(whole).toBeUndefined();
      else {
        expect(whole).toBeDefined();
        sameHead(skimmed, whole!);
      }
    };
    for (const sample of formats.flatMap((f) => f.samples)) for (const line of sample.lines) check(line);
    fc.assert(fc.property(lineArb, (line) => check(line)), { seed, numRuns: 3000, endOnFailure: true });
  });

  it('are sure of the common shapes', () => {
    const logrus = skimmers.find((f) => f.id === 'logrus')!;
    const klog = skimmers.find((f) => f.id === 'klog')!;
    expect(logrus.skimPayload('time="2025-03-14T14:25:15Z" level=info msg="a \\"b\\"" id=1 component=containerd')).toMatchObject({ format: 'logrus', severity: 'info', component: 'containerd', message: '' });
    expect(logrus.skimPayload('I0314 14:25:15.518500    812 kubelet.go:2468] "x"')).toBeUndefined();
    expect(klog.skimPayload('I0314 14:25:15.518500    812 kubelet.go:2468] "x" pod="a"')).toMatchObject({ format: 'klog', severity: 'info', message: '' });
  });
});

/** Every record a fresh parser gives for `lines`, each line pushed with `skim`. */
function recordsOf(format: LogFormat, lines: readonly string[], skim: boolean): ParseOutput[] {
  const parser = format.createParser();
  const out: ParseOutput[] = [];
  lines.forEach((text, i) => out.push(...parser.push({ source, lineNumber: i + 1, text }, skim).out));
  out.push(...parser.flush());
  return out;
}

describe('line skims', { timeout: 60_000 }, () => {
  const skimming = formats.filter((f) => ['logrus', 'klog'].includes(f.id));

  it.each(skimming.map((f) => [f.id, f] as const))('%s: skimmed records are the whole ones without message and fields, of one line each', (_id, format) => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 12 }), (lines) => {
        const skimmed = recordsOf(format, lines, true);
        const whole = recordsOf(format, lines, false);
        expect(skimmed).toHaveLength(whole.length);
        skimmed.forEach((record, i) => {
          if (record.type === 'record' && record.skimmedText !== undefined) {
            expect(record.lineCount).toBe(1);
            expect(record.skimmedText).toBe(lines[record.line - 1]);
            sameHead(record, whole[i] as ParsedRecord);
          } else expect(record).toEqual(whole[i]);
        });
      }),
      { seed, numRuns: 1500, endOnFailure: true },
    );
  });

  it('reads a skimmed klog head in full once a continuation line joins it', () => {
    const lines = ['I0314 14:25:15.518500    812 kubelet.go:1] "Observed" err=<', '\tfirst', '\tsecond', ' > node="n1"'];
    const [skimmed] = recordsOf(skimming.find((f) => f.id === 'klog')!, lines, true) as ParsedRecord[];
    expect(skimmed!.skimmedText).toBeUndefined();
    expect(skimmed!.lineCount).toBe(4);
    expect(skimmed!.fields).toMatchObject({ err: 'first\nsecond', node: 'n1' });
  });

  it('skims no warning or error line (their events are read whole anyway)', () => {
    const out = recordsOf(skimming.find((f) => f.id === 'logrus')!, ['time="2025-03-14T14:25:15Z" level=warning msg="x"', 'time="2025-03-14T14:25:15Z" level=info msg="y"'], true) as ParsedRecord[];
    expect(out.map((r) => r.skimmedText !== undefined)).toEqual([false, true]);
  });
});
