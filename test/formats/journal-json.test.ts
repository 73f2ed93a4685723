import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { journalJson, microsToEpochMs } from '../../src/formats/journal-json.js';
import type { ParsedRecord } from '../../src/formats/log-format.js';
import { feedLines, recordsOf } from './feed-lines.js';
import { readFileSync } from 'node:fs';
import { detectFormat, formats } from '../../src/formats/index.js';
import { expectSniffWins } from './expect-sniff-wins.js';

const feed = (lines: readonly string[]) => feedLines(journalJson, lines);

function one(line: string): ParsedRecord {
  const { out: outputs } = feed([line]);
  expect(outputs).toHaveLength(1);
  return outputs[0] as ParsedRecord;
}

// test/fixtures/journal/incident-default.jsonl (journalctl 252 `-o json`): the nodecheck entry with a multi-line
// MESSAGE and the byte-array field PROBE_RAW_REPLY.
const NODECHECK =
  '{"CODE_FILE":"/usr/local/lib/nodecheck/probe.py","__MONOTONIC_TIMESTAMP":"11860800","__REALTIME_TIMESTAMP":"1741962322860800","_SYSTEMD_INVOCATION_ID":"21c608d1a5aa7d6faeadf2e39ceac38c","MESSAGE":"k3s API health probe failed after 3 attempts\\nTraceback (most recent call last):\\n  File \\"/usr/local/lib/nodecheck/probe.py\\", line 41, in check_apiserver\\n    conn.request(\\"GET\\", \\"/readyz\\")\\n  File \\"/usr/lib/python3.11/http/client.py\\", line 1286, in request\\n    self._send_request(method, url, body, headers, encode_chunked)\\nConnectionRefusedError: [Errno 111] Connection refused\\n\\tendpoint=https://127.0.0.1:6443/readyz\\ttimeout=2.0s","_GID":"0","_SYSTEMD_UNIT":"nodecheck.service","_TRANSPORT":"journal","_CMDLINE":"/usr/bin/python3 /usr/local/bin/nodecheck","CODE_LINE":"58","SYSLOG_IDENTIFIER":"nodecheck","CODE_FUNC":"main","_PID":"1422","_BOOT_ID":"7d2f9e4c1a8b4f63b5e0c9d8a7f6e5d4","PRIORITY":"3","_HOSTNAME":"k3s-node-03","_EXE":"/usr/bin/python3.11","__CURSOR":"s=980afa53b2b2410892fdca8bb7b73226;i=69;b=7d2f9e4c1a8b4f63b5e0c9d8a7f6e5d4;m=b4fb40;t=6304e35775b00;x=9b93104c3a1c927d","_UID":"0","PROBE_TARGET":"https://127.0.0.1:6443/readyz","_SYSTEMD_SLICE":"system.slice","PROBE_RAW_REPLY":[21,3,3,0,2,2,40,0,255],"_SYSTEMD_CGROUP":"/system.slice/nodecheck.service","_MACHINE_ID":"4f6c0e2a9b3d4e1f8a7b6c5d4e3f2a1b","_SOURCE_REALTIME_TIMESTAMP":"1741962322860763","_COMM":"python3"}';

// Same file: the nas-backup entry, whose ISO-8859-1 MESSAGE journalctl prints as a byte array.
const NAS_BACKUP =
  '{"_SYSTEMD_SLICE":"system.slice","_HOSTNAME":"k3s-node-03","SYSLOG_TIMESTAMP":"Mar 14 09:00:01 ","_EXE":"/usr/bin/logger","_MACHINE_ID":"4f6c0e2a9b3d4e1f8a7b6c5d4e3f2a1b","__CURSOR":"s=980afa53b2b2410892fdca8bb7b73226;i=25;b=b1e7c3a0d5f84c2e9a6b0d1f2e3c4a5b;m=258b21380;t=63049a9df6640;x=9815891f226677b7","_SYSTEMD_UNIT":"cron.service","_SOURCE_REALTIME_TIMESTAMP":"1741942800999963","SYSLOG_IDENTIFIER":"nas-backup","PRIORITY":"3","SYSLOG_FACILITY":"1","_GID":"0","__MONOTONIC_TIMESTAMP":"10078000000","_PID":"23871","MESSAGE":[83,97,117,118,101,103,97,114,100,101,32,233,99,104,111,117,233,101,58,32,47,115,114,118,47,100,111,110,110,233,101,115,47,114,233,112,108,105,99,97,32,40,99,111,100,101,32,50,51,41],"_SYSTEMD_CGROUP":"/system.slice/cron.service","_TRANSPORT":"syslog","__REALTIME_TIMESTAMP":"1741942801000000","_UID":"0","_BOOT_ID":"b1e7c3a0d5f84c2e9a6b0d1f2e3c4a5b","_CMDLINE":"logger -t nas-backup -p user.err","_COMM":"logger"}';

describe('journal-json', () => {
  it('parses the shipped sample to its expected fields', () => {
    for (const sample of journalJson.samples) {
      const r = one(sample.lines[0]!);
      const { fields, ...rest } = sample.expect;
      expect(r).toMatchObject(rest);
      if (fields) expect(r.fields).toMatchObject(fields);
    }
  });

  it('takes host, identifier, pid, boot, priority and the source timestamp of an entry', () => {
    const r = one(NODECHECK);
    expect(r).toMatchObject({ type: 'record', format: 'journal-json', line: 1, lineCount: 1, host: 'k3s-node-03', unit: 'nodecheck', pid: 1422, severity: 'error', bootId: '7d2f9e4c1a8b4f63b5e0c9d8a7f6e5d4', hasPayload: true });
    // _SOURCE_REALTIME_TIMESTAMP (…860763) wins over __REALTIME_TIMESTAMP (…860800), as journalctl's short output does.
    expect(r.time).toEqual({ kind: 'instant', epochMs: 1741962322860.763 });
    expect(r.message.split('\n')).toHaveLength(8);
    expect(r.message).toContain('\tendpoint=https://127.0.0.1:6443/readyz\ttimeout=2.0s');
    expect(r.fields['_SYSTEMD_UNIT']).toBe('nodecheck.service');
    expect(r.fields['MESSAGE']).toBeUndefined();
  });

  it('decodes a byte-array MESSAGE as UTF-8 with replacement and other byte arrays as hex', () => {
    const nas = one(NAS_BACKUP);
    expect(nas.message).toBe('Sauvegarde \ufffdchou\ufffde: /srv/donn\ufffdes/r\ufffdplica (code 23)');
    expect(nas.severity).toBe('error');
    expect(one(NODECHECK).fields['PROBE_RAW_REPLY']).toBe('15030300020228' + '00ff');
  });

  it('joins repeated fields and says which large values journalctl omitted', () => {
    const r = one('{"__REALTIME_TIMESTAMP":"1741932723000040","MESSAGE":null,"TAG":["a","b"],"BLOB":[[1,2],"x"],"_PID":"7"}');
    expect(r.message).toBe('');
    expect(r.fields['omittedFields']).toBe('MESSAGE');
    expect(r.fields['TAG']).toBe('a\nb');
    expect(r.fields['BLOB']).toBe('0102\nx');
    expect(r.pid).toBe(7);
    expect(r.time).toEqual({ kind: 'instant', epochMs: 1741932723000.04 });
  });

  it('maps every syslog priority to a severity', () => {
    const severities = [0, 1, 2, 3, 4, 5, 6, 7].map((p) => one(`{"__REALTIME_TIMESTAMP":"1","PRIORITY":"${p}","MESSAGE":"m"}`).severity);
    expect(severities).toEqual(['critical', 'critical', 'critical', 'error', 'warning', 'info', 'info', 'debug']);
    expect(one('{"__REALTIME_TIMESTAMP":"1","PRIORITY":"x","MESSAGE":"m"}').severity).toBeUndefined();
  });

  it('reads json-seq records behind the 0x1E separator', () => {
    expect(one(`\x1e${NODECHECK}`).unit).toBe('nodecheck');
    expect(journalJson.sniff(`\x1e${NODECHECK}`)).toBe(1);
  });

  it('converts µs strings without losing digits', () => {
    expect(microsToEpochMs('1741962322860763')).toBe(1741962322860 + 0.763);
    expect(microsToEpochMs('999')).toBe(0.999);
    expect(microsToEpochMs('12a')).toBeUndefined();
    // The same number as splitting the decimal text (the reference), for digit strings of every length and others.
    const bySplitting = (micros: string): number | undefined => {
      if (!/^\d{1,20}$/.test(micros)) return undefined;
      return (micros.length > 3 ? Number(micros.slice(0, -3)) : 0) + Number(micros.slice(-3)) / 1000;
    };
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 0, maxLength: 21 });
    fc.assert(
      fc.property(fc.oneof(digits, fc.string({ maxLength: 16 }), digits.map((d) => `${d}\u0660`)), (micros) => {
        expect(Object.is(microsToEpochMs(micros), bySplitting(micros))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects and scores low what is not a journal object', () => {
    const foreign = [
      // zap, https://github.com/agola-io/agola/issues/107
      '{"level":"warn","ts":1568166948.8119395,"caller":"etcdserver/util.go:144","msg":"apply request took too long","took":0.101501094,"expected-duration":0.1,"prefix":"","request":"header:<ID:7587840912673251462 > lease_grant:<ttl:5-second id:694d6d1ba410a085>","response":"size:42"}',
      // docker json-file, kubernetes pkg/kubelet/kuberuntime/logs/logs.go
      '{"log":"content 1","stream":"stdout","time":"2016-10-20T18:39:20.57606443Z"}',
      'time="2021-11-23T00:22:28Z" level=info msg="Starting k3s v1.22.3+k3s1 (61a2aab2)"',
      'I0420 11:20:48.213953    1590 trace.go:116] Trace[1092196218]: "Update" url:/api/v1/namespaces/kube-system/endpoints/kube-scheduler',
      '{"MESSAGE": truncated',
    ];
    for (const line of foreign) expect(journalJson.sniff(line), line).toBeLessThanOrEqual(0.3);
    expect(feed(foreign).accepted).toEqual([false, false, false, false, false]);
  });

  it('never throws on arbitrary input and sniff stays in [0,1]', () => {
    const jsonish = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.json().map((j) => `{"__REALTIME_TIMESTAMP":${j},"MESSAGE":${j}}`), fc.jsonValue().map((v) => JSON.stringify({ MESSAGE: v, PRIORITY: v })));
    fc.assert(
      fc.property(fc.array(jsonish, { maxLength: 10 }), (lines) => {
        const parser = journalJson.createParser();
        lines.forEach((text, i) => {
          const score = journalJson.sniff(text);
          expect(score >= 0 && score <= 1).toBe(true);
          parser.push({ source: { bundle: 't', member: 'm' }, lineNumber: i + 1, text });
        });
        parser.flush();
      }),
    );
  });
});

describe('journal-json before systemd v240', () => {
  // `{ "KEY" : "value" }` with spaces around every colon: lnav's test/logfile_journald.json (see the fixture README).
  const lines = readFileSync(new URL('../fixtures/formats/journal-json-spaced.json', import.meta.url), 'utf8').split('\n').filter((l) => l.length > 0);

  it('is detected as journal JSON, not generic JSON lines', () => {
    expect(detectFormat(lines, formats).id).toBe('journal-json');
    for (const line of lines) expectSniffWins(journalJson, line, formats.filter((f) => f.id !== 'journal-json'));
  });

  it('reads priority, host, unit, pid and time of every entry', () => {
    const records = recordsOf(feed(lines).out);
    expect(records.map((r) => [r.severity, r.host, r.unit, r.pid, r.message])).toEqual([
      ['critical', 'imx6ul-medusa', 'python', 184, 'GPS Reference longitude: 7.358143333'],
      ['info', 'imx6ul-medusa', 'python', 184, 'GPS Reference latitude: 46.908706667'],
    ]);
    expect(records[0]!.time).toEqual({ kind: 'instant', epochMs: 1534860261221.373 });
  });
});

describe('journal-json fields of many shapes', () => {
  /** The fields as one keyed store per name would give them: the reference the shaped objects must equal. */
  function storedOneByOne(values: readonly (readonly [string, string])[], omitted: readonly string[]): Record<string, string> {
    const fields: Record<string, string> = {};
    const grouped = new Map<string, string[]>();
    for (const [key, value] of values) grouped.set(key, [...(grouped.get(key) ?? []), value]);
    for (const [key, list] of grouped) if (key !== 'MESSAGE') fields[key] = list.join('\n');
    if (omitted.length > 0) fields['omittedFields'] = omitted.join(',');
    return fields;
  }

  it('gives every entry its fields in the order and with the values keyed stores give, whatever the names', () => {
    const name = fc.oneof(fc.constantFrom('MESSAGE', '_HOSTNAME', 'PRIORITY', '__proto__', 'omittedFields', 'constructor', '10', 'a"b\\c', 'x\u2028y'), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.string({ maxLength: 8 })), { maxLength: 30 }), fc.array(name, { maxLength: 2 }), (pairs, omitted) => {
        const values = new Map<string, string[]>();
        for (const [key, value] of [['MESSAGE', 'hello'] as const, ...pairs]) values.set(key, [...(values.get(key) ?? []), value]);
        const line = { source: { bundle: 'b', member: 'm' }, lineNumber: 1, text: '', journalEntry: { values, omitted } };
        const step = journalJson.createParser().push(line);
        const record = step.out[0] as ParsedRecord;
        const expected = storedOneByOne([...values].flatMap(([key, list]) => list.map((v) => [key, v] as const)), omitted);
        expect(JSON.stringify(Object.entries(record.fields))).toBe(JSON.stringify(Object.entries(expected)));
        expect(Object.getPrototypeOf(record.fields)).toBe(Object.prototype);
      }),
      { numRuns: 300 },
    );
  });
});

describe('journal-json fields of a binary journal entry, read from its items', () => {
  const HEADER = ['__CURSOR', '__REALTIME_TIMESTAMP', '__MONOTONIC_TIMESTAMP', '_BOOT_ID'] as const;
  const HEAD = { realtimeMs: 1, sourceRealtime: undefined, hostname: 'h', identifier: 'k3s', comm: undefined, pid: undefined, syslogPid: undefined, priority: '6', bootId: 'b', message: 'hello' };

  /** The map of values a binary journal entry's `values` gives (ingest's eagerEntry): header values first, then each data field's. */
  function valuesOf(items: readonly (readonly [string, string | null])[]): { values: Map<string, string[]>; omitted: string[] } {
    const values = new Map<string, string[]>(HEADER.map((name) => [name, [`${name}-value`]]));
    const omitted: string[] = [];
    for (const [name, value] of items) {
      if ((HEADER as readonly string[]).includes(name)) continue;
      if (value === null) omitted.push(name);
      else values.set(name, [...(values.get(name) ?? []), value]);
    }
    return { values, omitted };
  }

  it('gives the fields the map of values gives, with repeated, left-out, header-named and odd names among them', () => {
    const name = fc.oneof(
      fc.constantFrom('MESSAGE', '_HOSTNAME', 'PRIORITY', '__proto__', 'omittedFields', ...HEADER, 'constructor', '10', 'a"b\\c'),
      fc.string({ maxLength: 6 }),
    );
    const value = fc.oneof(fc.string({ maxLength: 8 }), fc.constant(null));
    fc.assert(
      fc.property(fc.array(fc.tuple(name, value), { maxLength: 30 }), (pairs) => {
        const items = [['MESSAGE', 'hello'] as const, ...pairs];
        const { values, omitted } = valuesOf(items);
        const fromItems = {
          values,
          omitted,
          head: HEAD,
          items: items.map(([n, v]) => ({ name: n, value: v })),
          headerValue: (index: number) => `${HEADER[index]!}-value`,
        };
        const parse = (journalEntry: typeof fromItems | { values: typeof values; omitted: string[] }) =>
          (journalJson.createParser().push({ source: { bundle: 'b', member: 'm' }, lineNumber: 1, text: '', journalEntry }).out[0] as ParsedRecord).fields;
        const byItems = parse(fromItems);
        const byMap = parse({ values, omitted });
        expect(JSON.stringify(Object.entries(byItems))).toBe(JSON.stringify(Object.entries(byMap)));
        expect(Object.getPrototypeOf(byItems)).toBe(Object.prototype);
      }),
      { numRuns: 500 },
    );
  });

  it('does not read the map of values for an entry whose data fields are each once and present', () => {
    const items = [
      { name: 'MESSAGE', value: 'hello' },
      { name: '_HOSTNAME', value: 'node-1' },
      { name: '_BOOT_ID', value: 'ignored: journalctl prints the header boot id' },
      { name: 'PRIORITY', value: '6' },
    ];
    const entry = {
      get values(): Map<string, string[]> {
        throw new Error('values were read');
      },
      omitted: [],
      head: HEAD,
      items,
      headerValue: (index: number) => `${HEADER[index]!}-value`,
    };
    const record = journalJson.createParser().push({ source: { bundle: 'b', member: 'm' }, lineNumber: 1, text: '', journalEntry: entry }).out[0] as ParsedRecord;
    expect(JSON.stringify(record.fields)).toBe(
      '{"__CURSOR":"__CURSOR-value","__REALTIME_TIMESTAMP":"__REALTIME_TIMESTAMP-value","__MONOTONIC_TIMESTAMP":"__MONOTONIC_TIMESTAMP-value","_BOOT_ID":"_BOOT_ID-value","_HOSTNAME":"node-1","PRIORITY":"6"}',
    );
  });
});
