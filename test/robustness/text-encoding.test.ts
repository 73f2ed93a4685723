import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { buildTar, containerdLog, fileEnding, gzip, NODE_DIR, runJson, scratchDir, writeInput } from './fixtures.js';

const SANDBOX = 'c8ba6e5a03c305b920d96a3ca503c5bf110074f2cbf97a6af5b135db2f665516';
// Wording from https://github.com/k3s-io/k3s/issues/11973.
const FATAL_MSG = `failed to recover state: failed to get metadata for stored sandbox \\"${SANDBOX}\\": not found`;

function utf16(text: string, endian: 'le' | 'be'): Buffer {
  const le = Buffer.from(text, 'utf16le');
  if (endian === 'le') return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
  const be = Buffer.from(le);
  be.swap16();
  return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
}

describe('text that is not clean UTF-8', () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchDir();
  });

  it('reads Latin-1 and invalid UTF-8 lines, counting them in a warning that names the file', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('Mar 14 14:25:15 k3s-node-09 kernel: EXT4-fs (sda1): mounted filesystem\n'),
      Buffer.from('Mar 14 14:25:16 k3s-node-09 app[42]: utilisateur cr', 'latin1'), Buffer.from([0xe9]), Buffer.from('\u00e9 caf\n', 'latin1'),
      Buffer.from('Mar 14 14:25:17 k3s-node-09 app[42]: broken '), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from(' sequence\n'),
    ]);
    const path = writeInput(dir, 'latin1.tgz', gzip(await buildTar([{ name: 'var/log/syslog', data: latin1 }])));
    const run = await runJson([path]);
    expect(run.status).toBe(0);
    expect(fileEnding(run.report!, 'var/log/syslog')).toMatchObject({ status: 'parsed', lines: 3, unparsed: 0 });
    const warning = run.report!.warnings.find((w) => w.code === 'ingest.invalid-utf8');
    expect(warning?.title).toBe(`${path}:var/log/syslog: 2 line(s) were not valid UTF-8 (shown with replacement characters)`);
  });

  it('decodes UTF-16 with a BOM (both byte orders) and finds the incident in it', async () => {
    const log = containerdLog(60, 20);
    const path = writeInput(dir, 'utf16.tgz', gzip(await buildTar([{ name: `./${NODE_DIR}/k3s/containerd.log`, data: utf16(log, 'le') }])));
    const bePath = writeInput(dir, 'utf16be.log', utf16(containerdLog(10), 'be'));
    const run = await runJson([path, bePath]);
    expect(run.status).toBe(0);
    expect(fileEnding(run.report!, 'k3s/containerd.log')).toMatchObject({ status: 'parsed', format: 'logrus', lines: 60, parsed: 60 });
    expect(fileEnding(run.report!, 'utf16be.log')).toMatchObject({ status: 'parsed', format: 'logrus', lines: 10, parsed: 10 });
    const incident = run.report!.incidents.find((i) => i.signature === 'containerd-sandbox-recovery-failed');
    expect(incident?.count).toBe(3);
    expect(incident?.evidence[0].text).toContain('level=fatal msg="Failed to run CRI service"');
  });

  it('reads CRLF lines with the carriage return dropped from the evidence', async () => {
    const path = writeInput(dir, 'crlf.tgz', gzip(await buildTar([
      { name: `./${NODE_DIR}/k3s/containerd.log`, data: containerdLog(20, 10).replace(/\n/g, '\r\n') },
    ])));
    const run = await runJson([path]);
    expect(fileEnding(run.report!, 'k3s/containerd.log')).toMatchObject({ lines: 20, parsed: 20, unparsed: 0 });
    const incident = run.report!.incidents.find((i) => i.signature === 'containerd-sandbox-recovery-failed');
    expect(incident?.evidence.length).toBeGreaterThan(0);
    for (const e of incident!.evidence) expect(e.text).not.toMatch(/\r/);
  });

  it('reads a syslog with NUL padding from a power loss as text, including the first line after the reboot', async () => {
    const before = 'Mar 14 14:25:10 k3s-node-09 k3s[1234]: I0314 14:25:10.000000    1234 server.go:1] still running\n'.repeat(5);
    const after = 'Mar 14 14:27:03 k3s-node-09 kernel: Linux version 6.1.0-31-amd64 (debian-kernel@lists.debian.org)\nMar 14 14:27:04 k3s-node-09 systemd[1]: Starting k3s.service - Lightweight Kubernetes...\n';
    const data = Buffer.concat([Buffer.from(before), Buffer.alloc(4096, 0), Buffer.from(after)]);
    const path = writeInput(dir, 'nul.tgz', gzip(await buildTar([{ name: `./${NODE_DIR}/systemlogs/syslog`, data }])));
    const run = await runJson([path]);
    expect(run.status).toBe(0);
    expect(fileEnding(run.report!, 'systemlogs/syslog')).toMatchObject({ status: 'parsed', lines: 7, unparsed: 0 });
    expect(run.stdout).not.toContain('\\u0000');
  });

  it('reads a `journalctl -o export` dump whose binary-safe fields hold NUL bytes instead of skipping it as binary', async () => {
    // Entries copied from a real export (see test/fixtures/journal/README.md): length prefixes carry NULs.
    const run = await runJson(['test/fixtures/journal/binary-fields.export']);
    expect(run.status).toBe(0);
    expect(run.report!.files[0]).toMatchObject({ status: 'parsed', format: 'journal-export', lines: 114, unparsed: 0 });
  });

  it('skips binary members with the reason and counts them as skipped files', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 37) % 256))]);
    const path = writeInput(dir, 'binary.tgz', gzip(await buildTar([
      { name: 'var/log/containerd.log', data: containerdLog(5) },
      { name: 'var/log/containerd-shim.log', data: elf },
      { name: 'var/log/meta.log', data: Buffer.concat([Buffer.alloc(16, 0), Buffer.from('bolt'), Buffer.alloc(500, 0)]) },
    ])));
    const run = await runJson([path]);
    expect(run.status).toBe(0);
    expect(fileEnding(run.report!, 'var/log/containerd-shim.log')).toMatchObject({ status: 'skipped', reason: 'binary', lines: 0 });
    expect(fileEnding(run.report!, 'var/log/meta.log')).toMatchObject({ status: 'skipped', reason: 'binary', lines: 0 });
    const totals = (run.report!.coverage as { totals: { skippedFiles: number; files: number } }).totals;
    expect(totals.skippedFiles).toBe(2);
    expect(totals.files).toBe(3);
  });
});

describe('terminal escapes in log lines', () => {
  it('never lets ANSI escape codes from log lines reach the text report', async () => {
    const dir = scratchDir();
    // logrus writes coloured levels when its output is a TTY (k3s run in a terminal, then captured).
    const coloured = [
      '\u001b[36mINFO\u001b[0m[0000] Starting k3s v1.32.1+k3s1 (6a322f12)',
      `\u001b[31mFATA\u001b[0m[0003] Failed to run CRI service                     \u001b[31merror\u001b[0m="${FATAL_MSG.replace(/\\"/g, '"')}"`,
      '\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007 \u001b[2J\u001b[H cleared your screen',
    ].join('\n');
    const path = writeInput(dir, 'ansi.tgz', gzip(await buildTar([
      { name: `./${NODE_DIR}/k3s/containerd.log`, data: `${containerdLog(10, 5)}${coloured}\n` },
    ])));
    for (const format of ['text', 'md']) {
      const run = await runCli([path, '--format', format, '--quiet']);
      expect(run.status, format).toBe(0);
      expect(run.stdout, format).toContain('containerd-sandbox-recovery-failed');
      expect(run.stdout, format).not.toContain('\u001b');
      expect(run.stdout, format).not.toContain('\u0007');
    }
    const json = await runJson([path]);
    expect(fileEnding(json.report!, 'k3s/containerd.log')?.lines).toBe(13);
  });

  it('strips colour codes before parsing and matching, so a coloured TTY capture is understood', async () => {
    const dir = scratchDir();
    // Only the coloured line carries the incident: found only if the codes are removed before parsing and matching.
    const line = `\u001b[31mFATA\u001b[0m[2025-03-14T14:25:15.518500416Z] Failed to run CRI service                     \u001b[31merror\u001b[0m="failed to recover state: failed to get metadata for stored \u001b[1msandbox\u001b[0m \\"c8ba6e5a03c3\\": not found"`;
    const path = writeInput(dir, 'coloured.log', `${line}\n`);
    const json = await runJson([path]);
    expect(json.status).toBe(0);
    const incident = json.report!.incidents.find((i) => i.signature === 'containerd-sandbox-recovery-failed');
    expect(incident).toBeDefined();
    expect(json.report!.files[0]).toMatchObject({ format: 'logrus', unparsed: 0 });
  });
});
