import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/model/log-event.js';
import { CrashRecogniser, crashIncidents } from '../../src/correlate/recognise-crashes.js';
import { runCli } from '../cli/run-cli.js';

let line = 0;
function event(message: string, extra: Partial<LogEvent> = {}): LogEvent {
  line++;
  return {
    timestamp: Date.UTC(2025, 9, 25, 17, 11, 5) + line, timeQuality: 'exact', host: 'node-a', severity: 'info', message, fields: {},
    format: 'journal-short', pid: 4242, unit: 'svc', origin: { bundle: 'b.tgz', member: 'journal.txt', line, lineCount: 1 }, ...extra,
  };
}

function crashesOf(messages: readonly (string | LogEvent)[]) {
  const recogniser = new CrashRecogniser();
  for (const m of messages) recogniser.observe(typeof m === 'string' ? event(m) : m);
  return recogniser.result().map((c) => [c.kind, c.headline, c.component]);
}

describe('CrashRecogniser', () => {
  it('takes a Rust panic headline from the line after "panicked at" (Rust ≥ 1.73) — mollysocket#48', () => {
    expect(crashesOf([
      "thread 'main' panicked at src/main.rs:1:13:",
      'why am i running?',
      'note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace',
    ])).toEqual([['rust-panic', 'why am i running?', 'svc']]);
  });

  it('takes the quoted message of the older Rust form — razer-laptop-control#41', () => {
    expect(crashesOf([
      "thread 'main' panicked at 'called `Result::unwrap()` on an `Err` value: Os { code: 2, kind: NotFound, message: \"No such file or directory\" }', src/driver_sysfs.rs:11:15",
    ])).toEqual([['rust-panic', "panicked at 'called `Result::unwrap()` on an `Err` value: Os { code: 2, kind: NotFound, message: \"No such file or directory\" }'", 'svc']]);
  });

  it('follows a Python traceback line by line to its exception — RPiParticle#58', () => {
    expect(crashesOf([
      'Traceback (most recent call last):',
      'File "/usr/local/friskby/bin/fby_client", line 108, in <module>',
      'main( sys.argv )',
      'File "/usr/local/friskby/bin/fby_client", line 103, in main',
      'tb_list = traceback.format_exception( exc_type , exc_value , exc_tb)',
      "NameError: global name 'traceback' is not defined",
    ])).toEqual([['python-traceback', "NameError: global name 'traceback' is not defined", 'svc']]);
  });

  it('reads the crashed process from systemd-coredump — k3s#7937, systemd#2439', () => {
    expect(crashesOf([
      event('Process 1010502 (ctr) of user 0 dumped core.', { unit: 'systemd-coredump', pid: 1010515 }),
      event('Process 10510 (systemd-journal) of user 0 dumped core.', { unit: 'systemd-coredump', pid: 14276 }),
    ]).map(([kind, , component]) => [kind, component])).toEqual([['core-dump', 'ctr'], ['core-dump', 'systemd-journal']]);
  });

  it('names a Go panic by its headline, as one go-panic event or a journal line — minikube#3555', () => {
    const dump = event('panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x117f24a]\n\ngoroutine 688 [running]:', {
      format: 'go-panic', fields: { panic: 'runtime error: invalid memory address or nil pointer dereference' }, severity: 'critical',
    });
    expect(crashesOf([dump])).toEqual([['go-panic', 'panic: runtime error: invalid memory address or nil pointer dereference', 'svc']]);
    expect(crashesOf(['SIGABRT: abort', 'PC=0x46e701 m=0 sigcode=0'])).toEqual([['go-panic', 'SIGABRT: abort', 'svc']]);
  });

  it('takes an uncaught Java exception as the crash', () => {
    expect(crashesOf(['Exception in thread "main" java.lang.RuntimeException: starting java failed with [1]']))
      .toEqual([['java-exception', 'java.lang.RuntimeException: starting java failed with [1]', 'svc']]);
  });

  it('does not take a recovered panic logged as a message, or a handled exception line, as a crash', () => {
    expect(crashesOf([
      'Observed a panic: "invalid memory address or nil pointer dereference" (runtime error: invalid memory address or nil pointer dereference)',
      'k3s API health probe failed after 3 attempts#012Traceback (most recent call last):#012  File "x", line 1',
    ])).toEqual([]);
  });

  it('makes one incident of a run of crashes with the same headline, counting them', () => {
    const recogniser = new CrashRecogniser();
    for (let i = 0; i < 3; i++) recogniser.observe(event('SIGABRT: abort', { pid: 100 + i }));
    const incidents = crashIncidents(recogniser.result()).map((c) => c.incident);
    expect(incidents.map((i) => [i.id, i.count, i.severity])).toEqual([['process-crash@node-a#1', 3, 'critical']]);
  });
});

describe('a crash loop nothing known explains', () => {
  it('names the crash before each exit as the root cause, at lower confidence', async () => {
    const cycle = readFileSync('test/fixtures/unrecognised/rust-panic-loop.txt', 'utf8').trimEnd().split('\n').slice(4, 11);
    const lines: string[] = [];
    for (let n = 0; n < 6; n++) {
      for (const l of cycle) {
        const at = new Date(Date.UTC(2025, 9, 25, 17, 11, 5) + n * 15_000).toISOString().slice(11, 19);
        lines.push(`Oct 25 ${at}${l.slice(15)}`.replace('ms[629632]', `ms[${629632 + n}]`).replace(/counter is at \d+/, `counter is at ${n + 1}`));
      }
    }
    const dir = mkdtempSync(join(tmpdir(), 'logsift-crash-'));
    mkdirSync(join(dir, 'var/log'), { recursive: true });
    writeFileSync(join(dir, 'var/log/syslog'), `${lines.join('\n')}\n`);
    const { status, stdout, stderr } = await runCli([dir, '--format', 'json', '--quiet']);
    expect(status, stderr).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.rootCause?.signature).toBe('process-crash');
    expect(report.rootCause.confidence).toBeLessThanOrEqual(0.6);
    expect(report.rootCause.explanation).toMatch(/^Unrecognised crash/);
    const crash = report.incidents.find((i: { id: string }) => i.id === report.rootCause.incident);
    expect(crash.title).toContain('why am i running?');
    expect(crash.count).toBe(6);
  });
});
