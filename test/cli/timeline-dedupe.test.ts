import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { main } from '../../src/cli/main.js';
import { runCli } from './run-cli.js';

/** A k3s node bundle holding the same lines in its syslog, kern.log, dmesg and the k3s and containerd logs. */
const BUNDLE = 'samples/k3s-power-loss.tgz';

interface Event {
  timestamp: string | null;
  host: string | null;
  message: string;
  origin: { file: string; line: number };
  alsoIn?: { file: string; line: number }[];
}

const events = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Event);

describe('logsift timeline --dedupe', () => {
  it('shows a line held by several files once, naming the other copies, and loses no line', async () => {
    const all = events((await runCli(['timeline', BUNDLE, '--json'])).stdout);
    const deduped = events((await runCli(['timeline', BUNDLE, '--json', '--dedupe'])).stdout);
    expect(deduped.length).toBeLessThan(all.length * 0.6);
    // Every line of the plain timeline is either shown or named as a copy of a shown one.
    const copies = deduped.reduce((n, e) => n + (e.alsoIn?.length ?? 0), 0);
    expect(deduped.length + copies).toBe(all.length);
    const where = (o: { file: string; line: number }) => `${o.file}:${o.line}`;
    expect(new Set(deduped.flatMap((e) => [e.origin, ...(e.alsoIn ?? [])]).map(where)).size).toBe(all.length);
    for (const e of deduped) for (const copy of e.alsoIn ?? []) expect(copy.file).not.toBe(e.origin.file);
    // The node booted twice (the power loss); each kernel banner is in kern.log and syslog (the second in dmesg too):
    // five lines, two shown.
    const isBanner = (e: Event) => e.message.startsWith('Linux version 6.1.0-31-amd64');
    expect(all.filter(isBanner)).toHaveLength(5);
    const banners = deduped.filter(isBanner);
    expect(banners).toHaveLength(2);
    for (const banner of banners) {
      expect([banner.origin, ...banner.alsoIn!].map((o) => o.file.split('/').pop())).toEqual(expect.arrayContaining(['kern.log', 'syslog']));
    }
    // Without --dedupe the key is absent (the timeline --json contract is unchanged).
    expect(all.some((e) => 'alsoIn' in e)).toBe(false);
  });

  it('names the copies in text output as "also in: …"', async () => {
    const { status, stdout } = await runCli(['timeline', BUNDLE, '--dedupe']);
    expect(status).toBe(EXIT.ok);
    expect(stdout).toMatch(/Linux version 6\.1\.0-31-amd64 .*\[\S+:\d+; also in: \S+:\d+/);
  });

  it('keeps repeats within one file (they are real repeats, not copies)', async () => {
    const deduped = events((await runCli(['timeline', BUNDLE, '--json', '--dedupe'])).stdout);
    const seen = new Map<string, Set<string>>();
    for (const e of deduped) {
      if (e.timestamp === null) continue;
      const key = `${e.host} ${e.timestamp.slice(0, 19)} ${e.message.trim()}`;
      const files = seen.get(key) ?? new Set<string>();
      // Two shown lines alike in host, second and text must come from one file, or one would be the other's copy.
      for (const file of [e.origin.file, ...(e.alsoIn ?? []).map((c) => c.file)]) files.add(file);
      seen.set(key, files);
    }
    const plain = events((await runCli(['timeline', BUNDLE, '--json'])).stdout);
    const perFileRepeats = new Map<string, number>();
    for (const e of plain) if (e.timestamp !== null) perFileRepeats.set(`${e.origin.file} ${e.timestamp.slice(0, 19)} ${e.message.trim()}`, (perFileRepeats.get(`${e.origin.file} ${e.timestamp.slice(0, 19)} ${e.message.trim()}`) ?? 0) + 1);
    const maxRepeat = Math.max(...perFileRepeats.values());
    expect(maxRepeat).toBeGreaterThan(1);
    const shownMost = Math.max(...[...deduped.reduce((m, e) => {
      if (e.timestamp !== null) m.set(`${e.host} ${e.timestamp.slice(0, 19)} ${e.message.trim()}`, (m.get(`${e.host} ${e.timestamp.slice(0, 19)} ${e.message.trim()}`) ?? 0) + 1);
      return m;
    }, new Map<string, number>()).values()]);
    expect(shownMost).toBe(maxRepeat);
  });
});

describe('timeline notes on stderr', () => {
  async function run(args: string[], stderrIsTTY: boolean): Promise<{ status: number; stderr: string }> {
    let stderr = '';
    const status = await main(args, { stdout: () => {}, stderr: (t) => { stderr += t; }, stdoutIsTTY: false, stderrIsTTY, env: {}, columns: 100 });
    return { status, stderr };
  }

  it('are written only when stderr is a terminal or with --verbose, never with --quiet', async () => {
    const piped = await run(['timeline', BUNDLE], false);
    expect(piped.status).toBe(EXIT.ok);
    expect(piped.stderr).toBe('');
    const verbose = await run(['timeline', BUNDLE, '--verbose'], false);
    expect(verbose.stderr).toMatch(/^note: /m);
    const terminal = await run(['timeline', BUNDLE, '-q'], true);
    expect(terminal.stderr).not.toMatch(/^note: /m);
  });
});
