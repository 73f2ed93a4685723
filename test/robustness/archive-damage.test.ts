import { constants, gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { asGnuLongLink, buildTar, completeLines, fileEnding, gzip, membersInTarPrefix, NODE_DIR, rancherMembers, runJson, scratchDir, writeInput } from './fixtures.js';

const FATAL = 'failed to get metadata for stored sandbox';

/** What a streaming gunzip can still produce from a cut or damaged gzip: everything before the break. */
function gunzipPrefix(data: Uint8Array): Buffer {
  try {
    return gunzipSync(data, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return Buffer.alloc(0);
  }
}

describe('a damaged .tgz', () => {
  let dir: string;
  let tar: Buffer;
  let tgz: Buffer;
  beforeAll(async () => {
    dir = scratchDir();
    tar = await buildTar(rancherMembers(600, 600));
    tgz = gzip(tar);
  });

  it('accounts for every complete line before the cut, at 20 truncation offsets across the file', async () => {
    const offsets = Array.from({ length: 20 }, (_, k) => Math.max(1, Math.floor((tgz.length * (k + 1)) / 21)));
    offsets.push(tgz.length - 4, tgz.length - 1);
    for (const offset of offsets) {
      const cut = tgz.subarray(0, offset);
      const path = writeInput(dir, `cut-${offset}.tgz`, cut);
      const run = await runJson([path]);
      const available = membersInTarPrefix(gunzipPrefix(cut));
      const expectedLines = [...available.values()].reduce((n, bytes) => n + completeLines(bytes).complete, 0);
      if (expectedLines === 0 && run.status === 3) {
        expect(run.stderr, `offset ${offset}`).toContain(path);
        continue;
      }
      expect(run.status, `offset ${offset}: ${run.stderr}`).toBe(0);
      const report = run.report!;
      for (const [name, bytes] of available) {
        const { complete, partial, text } = completeLines(bytes);
        const file = fileEnding(report, name.replace(/^\.\//, ''));
        if (complete === 0 && !partial) continue;
        expect(file, `offset ${offset}: ${name} is listed`).toBeDefined();
        // The cut line itself may be kept (flagged), never more.
        expect(file!.lines, `offset ${offset}: ${name}`).toBeGreaterThanOrEqual(complete);
        expect(file!.lines, `offset ${offset}: ${name}`).toBeLessThanOrEqual(complete + (partial ? 1 : 0));
        if (name.endsWith('containerd.log')) {
          const fatal = text.split(FATAL).length - 1;
          const found = report.incidents.find((i) => i.signature === 'containerd-sandbox-recovery-failed');
          if (fatal === 0) expect(found, `offset ${offset}`).toBeUndefined();
          else expect(found?.count, `offset ${offset}`).toBeGreaterThanOrEqual(fatal);
        }
      }
      if (offset < tgz.length) {
        const damage = report.warnings.find((w) => w.code === 'ingest.member-damaged' || w.code === 'ingest.member-error' || w.code === 'ingest.failed');
        expect(damage?.title, `offset ${offset}: the cut is reported`).toMatch(/gzip data ends or is corrupt|unexpected end/);
        expect(damage?.title).toContain(path);
      }
    }
  }, 60_000);

  it('reports a CRC error (a flipped bit in the gzip trailer) naming the file, and still keeps every line', async () => {
    const flipped = Buffer.from(tgz);
    flipped[flipped.length - 6] ^= 0x10;
    const path = writeInput(dir, 'crc.tgz', flipped);
    const run = await runJson([path]);
    expect(run.status).toBe(0);
    expect(fileEnding(run.report!, 'k3s/containerd.log')?.lines).toBe(600);
    expect(fileEnding(run.report!, 'systemlogs/syslog')?.lines).toBe(600);
    expect(run.report!.incidents.find((i) => i.signature === 'containerd-sandbox-recovery-failed')?.count).toBe(12);
    const damage = run.report!.warnings.find((w) => /incorrect data check/.test(w.title));
    expect(damage?.title).toContain(path);
  });

  it('never crashes on bit flips inside the deflate data, and reads the lines before the flip', async () => {
    for (const at of [40, Math.floor(tgz.length / 3), Math.floor(tgz.length / 2), tgz.length - 40]) {
      const flipped = Buffer.from(tgz);
      flipped[at] ^= 0x04;
      const path = writeInput(dir, `flip-${at}.tgz`, flipped);
      const run = await runJson([path]);
      expect([0, 3], `flip at ${at}: ${run.stderr}`).toContain(run.status);
      if (run.status === 3) {
        expect(run.stderr).toContain(path);
        continue;
      }
      expect(run.report!.warnings.length, `flip at ${at} is reported`).toBeGreaterThan(0);
      for (const file of run.report!.files) {
        expect(file.lines).toBeLessThanOrEqual(600);
      }
    }
  });

  it('tells the reader of the text report which file was cut and where, on one line', async () => {
    const path = writeInput(dir, 'cut-for-text.tgz', tgz.subarray(0, Math.floor(tgz.length / 2)));
    const run = await runCli([path, '--format', 'text', '--quiet']);
    expect(run.status).toBe(0);
    const line = run.stdout.split('\n').find((l) => l.includes('ingest.member-damaged'));
    expect(line).toMatch(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\S+: gzip data ends or is corrupt at compressed byte \\d+ \\(after \\d+ decompressed bytes\\): unexpected end of file; lines before the damage were read`));
  });

  // The text report's file list (src/report/render-text.ts) prints a damaged member as
  // "parsed  <path>  logrus, N lines" and drops its reason ("damaged: gzip data ends …"), so the list
  // alone suggests the file was read completely; only the Warnings section says otherwise.
  it('marks a damaged member as damaged in the text report file list, with its reason', async () => {
    const path = writeInput(dir, 'cut-for-list.tgz', tgz.subarray(0, Math.floor(tgz.length / 2)));
    const run = await runCli([path, '--format', 'text', '--quiet']);
    expect(run.status).toBe(0);
    const listed = run.stdout.split('\n').find((l) => /^\s+parsed\s/.test(l) && l.includes('damaged:'));
    expect(listed).toMatch(/damaged: gzip data ends or is corrupt at compressed byte \d+/);
  });

  it('reads the members before a corrupt tar header in the middle and names the offset', async () => {
    const second = tar.indexOf(Buffer.from(`./${NODE_DIR}/systemlogs/syslog`));
    expect(second).toBeGreaterThan(0);
    const broken = Buffer.from(tar);
    // Garbage over the checksum field: tar-stream rejects the header.
    broken.write('zzzzzzzz', second + 148, 'latin1');
    const path = writeInput(dir, 'bad-header.tgz', gzip(broken));
    const run = await runJson([path]);
    expect(run.status).toBe(0);
    expect(fileEnding(run.report!, 'k3s/containerd.log')?.lines).toBe(600);
    expect(run.report!.incidents.map((i) => i.signature)).toContain('containerd-sandbox-recovery-failed');
    const damage = run.report!.warnings.find((w) => /corrupt tar/.test(w.title));
    // Nothing valid follows the broken header in this archive, so there is nowhere to resume: the archive ends there.
    expect(damage?.title).toMatch(/corrupt tar after byte \d+/);
    expect(damage?.title).toContain(path);
  });

  it('reports a plain tar cut inside a member once, on that member, with the cause rather than "Stream was destroyed"', async () => {
    const members = [
      { name: 'node/a.log', data: Buffer.from('Mar 14 14:25:11 k3s-node-09 kernel: EXT4-fs (sda1): recovery complete\n') },
      { name: 'node/b.log', data: Buffer.from('Mar 14 14:25:12 k3s-node-09 app[1]: first line of the cut member\nMar 14 14:25:13 k3s-node-09 app[1]: this one is cut off\n') },
    ];
    const whole = await buildTar(members);
    const body = whole.indexOf(Buffer.from('Mar 14 14:25:12'));
    const path = writeInput(dir, 'cut-in-member.tar', whole.subarray(0, body + 70));
    const run = await runJson([path]);
    expect(run.status).toBe(0);
    const damage = run.report!.warnings.filter((w) => w.code === 'ingest.member-damaged' || w.code === 'ingest.member-error');
    expect(damage.map((w) => w.title)).toEqual([expect.stringContaining(`${path}:node/b.log: corrupt tar after byte`)]);
    expect(damage[0]!.title).toMatch(/Unexpected end of data/);
    expect(damage[0]!.title).not.toMatch(/destroyed/);
    expect(fileEnding(run.report!, 'node/b.log')?.lines).toBeGreaterThanOrEqual(1);
  });

  it('skips a corrupt header to the next valid one and reads the members after it', async () => {
    const members = [
      { name: 'node/a.log', data: Buffer.from('Mar 14 14:25:11 k3s-node-09 kernel: EXT4-fs (sda1): recovery complete\n') },
      { name: 'node/b.log', data: Buffer.from('Mar 14 14:25:12 k3s-node-09 app[1]: in the member whose header breaks\n') },
      { name: 'node/c.log', data: Buffer.from('Mar 14 14:25:15 k3s-node-09 k3s[809]: time="2025-03-14T14:25:15.518500416Z" level=fatal msg="Failed to run CRI service" error="failed to recover state: failed to get metadata for stored sandbox \\"c8ba6e5a03c3\\": not found"\n') },
    ];
    const whole = await buildTar(members);
    const broken = Buffer.from(whole);
    broken.write('zzzzzzzz', whole.indexOf(Buffer.from('node/b.log')) + 148, 'latin1');
    const path = writeInput(dir, 'resync.tar', broken);
    const run = await runJson([path]);
    expect(run.status).toBe(0);
    expect(fileEnding(run.report!, 'node/a.log')?.lines).toBe(1);
    expect(fileEnding(run.report!, 'node/c.log')?.lines).toBe(1);
    expect(fileEnding(run.report!, 'node/b.log')).toBeUndefined();
    expect(run.report!.incidents.map((i) => i.signature)).toContain('containerd-sandbox-recovery-failed');
    expect(run.report!.warnings.filter((w) => w.code === 'ingest.tar-resync')).toHaveLength(1);
  });
});

describe('inputs that are not what their name says', () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchDir();
  });

  it('exits 3 on a zero-length .tgz with one line naming it', async () => {
    const path = writeInput(dir, 'zero.tgz', Buffer.alloc(0));
    const run = await runJson([path]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(path);
    expect(run.stdout).toBe('');
  });

  it('exits 3 on an archive with no members, naming it', async () => {
    const path = writeInput(dir, 'empty.tgz', gzip(await buildTar([])));
    const run = await runJson([path]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(path);
  });

  it('lists an empty archive beside a good input with the reason it yielded nothing', async () => {
    const empty = writeInput(dir, 'empty-too.tgz', gzip(await buildTar([])));
    const zero = writeInput(dir, 'zero-too.tgz', Buffer.alloc(0));
    const good = writeInput(dir, 'good.tgz', gzip(await buildTar(rancherMembers(10, 10))));
    const run = await runJson([empty, zero, good]);
    expect(run.status).toBe(0);
    expect(run.report!.files.find((f) => f.path.startsWith(empty))).toMatchObject({ status: 'skipped', reason: 'only NUL bytes (an empty tar archive, or a file zeroed by a crash)', lines: 0 });
    expect(run.report!.files.find((f) => f.path.startsWith(zero))).toMatchObject({ status: 'skipped', reason: 'empty', lines: 0 });
    expect(fileEnding(run.report!, 'k3s/containerd.log')?.lines).toBe(10);
  });

  // With exit 3 the CLI (src/cli/commands/analyze.ts) prints only warnings and "no input could be read (X)";
  // the reason each input yielded nothing (empty, binary, only NUL bytes, zip) is in files[] but never shown.
  it('says why nothing could be read, one line per input, with exit 3', async () => {
    const zero = writeInput(dir, 'nothing.tgz', Buffer.alloc(0));
    const nul = writeInput(dir, 'nuls.log', Buffer.alloc(4096));
    const run = await runCli([zero, nul]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(`${zero}: empty`);
    expect(run.stderr).toContain(`${nul}: only NUL bytes`);
  });

  // src/cli/run-pipeline.ts displayPath() folds the member into the bundle only when it is '' or equal to
  // the bundle, but ingest names a top-level file's member by its base name, so `logsift /tmp/x/kubelet.log`
  // lists files[].path and evidence as `/tmp/x/kubelet.log:kubelet.log`.
  it('names a plain-file input by its path alone', async () => {
    const path = writeInput(dir, 'kubelet.log', 'E0513 12:13:06.123456    1234 kubelet.go:1649] "Failed to start ContainerManager" err="failed to initialize top level QOS containers: root container [kubepods] doesn\'t exist"\n');
    const run = await runJson([path]);
    expect(run.status).toBe(0);
    expect(run.report!.files.map((f) => f.path)).toEqual([path]);
    expect(run.report!.incidents[0]?.evidence[0]?.file).toBe(path);
  });

  // The partial line at a gzip/tar cut is flagged `truncated` by ingest like a line cut at the length limit, so the
  // warning must name both reasons rather than blame the limit.
  it('does not blame the line limit alone for the half line at a truncation point', async () => {
    const whole = gzip(await buildTar(rancherMembers(600, 600)));
    const path = writeInput(dir, 'cut-half-line.tgz', whole.subarray(0, Math.floor(whole.length / 3)));
    const run = await runJson([path]);
    const cut = run.report!.warnings.find((w) => w.code === 'ingest.line-truncated');
    expect(cut?.title).toContain('where the file is damaged');
  });

  it('reads a .tgz that is really plain text as text', async () => {
    const text = '2025-03-14T14:25:15.518500+00:00 k3s-node-09 k3s[1234]: time="2025-03-14T14:25:15.518500416Z" level=fatal msg="Failed to run CRI service" error="failed to recover state: failed to get metadata for stored sandbox \\"c8ba6e5a03c305b920d96a3ca503c5bf110074f2cbf97a6af5b135db2f665516\\": not found"\n';
    const path = writeInput(dir, 'really-text.tgz', text.repeat(3));
    const run = await runJson([path]);
    expect(run.status).toBe(0);
    expect(run.report!.files).toHaveLength(1);
    expect(run.report!.files[0]).toMatchObject({ status: 'parsed', lines: 3 });
    expect(run.report!.incidents.map((i) => i.signature)).toContain('containerd-sandbox-recovery-failed');
  });

  it('reports a .tgz that is really a broken zip with a clear one-line reason (exit 3 when it is the only input)', async () => {
    // Local file header magic PK\x03\x04 followed by a plausible header: enough for the sniffing.
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]), Buffer.alloc(200, 0x41)]);
    const path = writeInput(dir, 'really-zip.tgz', zip);
    const run = await runJson([path]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(`${path}: zip archive cannot be read: `);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('skips a zip member inside a tar with the reason in files[]', async () => {
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]), Buffer.alloc(200, 0x41)]);
    const path = writeInput(dir, 'has-zip.tgz', gzip(await buildTar([...rancherMembers(20, 20), { name: `./${NODE_DIR}/extra/logs.zip`, data: zip }])));
    const run = await runJson([path]);
    expect(run.status).toBe(0);
    expect(fileEnding(run.report!, 'extra/logs.zip')).toMatchObject({
      status: 'skipped', reason: 'a zip archive cannot be read inside another archive (its index is at its end): pass the .zip file by name',
    });
  });
});

describe('hostile member names and types', () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchDir();
  });

  it('shows absolute and .. member names safely and reads them without writing anything', async () => {
    const unique = `logsift-escape-${process.pid}-${Date.now()}.log`;
    const path = writeInput(dir, 'escape.tgz', gzip(await buildTar([
      { name: `../../../../tmp/${unique}`, data: 'Mar 14 14:25:15 k3s-node-09 kernel: hello from outside\n' },
      { name: `/var/log/${unique}`, data: 'Mar 14 14:25:16 k3s-node-09 kernel: absolute path\n' },
      { name: `evil\u001b[2J/${unique}`, data: 'Mar 14 14:25:17 k3s-node-09 kernel: escape in the name\n' },
    ])));
    const run = await runJson([path]);
    expect(run.status).toBe(0);
    const paths = run.report!.files.map((f) => f.path);
    expect(paths).toContain(`${path}:__/__/__/__/tmp/${unique}`);
    expect(paths).toContain(`${path}:var/log/${unique}`);
    expect(paths).toContain(`${path}:evil?[2J/${unique}`);
    expect(run.stdout).not.toContain('\u001b');
    expect(run.report!.files.every((f) => f.lines === 1)).toBe(true);
    const { existsSync } = await import('node:fs');
    expect(existsSync(`/tmp/${unique}`)).toBe(false);
    expect(existsSync(`/var/log/${unique}`)).toBe(false);
  });

  it('lists symlink and hardlink members as skipped links, never following them', async () => {
    const path = writeInput(dir, 'links.tgz', gzip(await buildTar([
      ...rancherMembers(10, 10),
      { name: `./${NODE_DIR}/k3s/passwd.log`, type: 'symlink', linkname: '/etc/passwd' },
      { name: `./${NODE_DIR}/k3s/hard.log`, type: 'link', linkname: `./${NODE_DIR}/k3s/containerd.log` },
    ])));
    const run = await runJson([path]);
    expect(run.status).toBe(0);
    expect(fileEnding(run.report!, 'k3s/passwd.log')).toMatchObject({ status: 'skipped', reason: 'link to /etc/passwd', lines: 0 });
    expect(fileEnding(run.report!, 'k3s/hard.log')).toMatchObject({ status: 'skipped', lines: 0 });
    expect(run.stdout).not.toContain('root:x:0:0');
  });

  it('accounts for both members when two carry the same name', async () => {
    const path = writeInput(dir, 'dup-names.tgz', gzip(await buildTar([
      { name: 'var/log/syslog', data: 'Mar 14 14:25:15 k3s-node-09 kernel: first copy\n' },
      { name: 'var/log/syslog', data: 'Mar 14 14:25:16 k3s-node-09 kernel: second, different\nMar 14 14:25:17 k3s-node-09 kernel: two lines\n' },
    ])));
    const run = await runJson([path]);
    expect(run.status).toBe(0);
    const same = run.report!.files.filter((f) => f.path.endsWith('var/log/syslog'));
    expect(same).toHaveLength(2);
    expect(same.map((f) => f.lines).sort()).toEqual([1, 2]);
  });

  it('lists device and fifo members as skipped instead of dropping them silently', async () => {
    const path = writeInput(dir, 'devices.tgz', gzip(await buildTar([
      ...rancherMembers(10, 10),
      { name: `./${NODE_DIR}/dev/null`, type: 'character-device' },
      { name: `./${NODE_DIR}/dev/sda`, type: 'block-device' },
      { name: `./${NODE_DIR}/run/fifo`, type: 'fifo' },
    ])));
    const run = await runJson([path]);
    expect(run.status).toBe(0);
    for (const name of ['dev/null', 'dev/sda', 'run/fifo']) {
      const file = fileEnding(run.report!, name);
      expect(file, name).toBeDefined();
      expect(file).toMatchObject({ status: 'skipped', lines: 0 });
      expect(file!.reason).toMatch(/not a regular file/);
    }
  });

  // tar-stream gives unknown typeflags (GNU sparse 'S') no type, like a V7 regular file: the stored data blocks are
  // read as the member's text (holes are not restored), and the member is listed either way.
  it('accounts for a GNU sparse member and reads the members after it', async () => {
    const tar = Buffer.from(await buildTar([
      { name: `./${NODE_DIR}/var/lib/big.img`, data: 'sparse-ish\n' },
      ...rancherMembers(10, 10),
    ]));
    // Turn the first entry into a GNU sparse entry (typeflag 'S') and fix its header checksum.
    tar[156] = 'S'.charCodeAt(0);
    tar.fill(0x20, 148, 156);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += tar[i]!;
    tar.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    const path = writeInput(dir, 'sparse.tgz', gzip(tar));
    const run = await runJson([path]);
    expect(run.status).toBe(0);
    expect(fileEnding(run.report!, 'var/lib/big.img')).toMatchObject({ lines: 1 });
    expect(fileEnding(run.report!, 'k3s/containerd.log')?.lines).toBe(10);
  });

  // GNU tar's --sparse --format=pax (sparse format 1.0): the data starts with the sparse map as decimal lines padded to
  // 512 bytes, under a made-up name `GNUSparseFile.<pid>/…`; the real name is the PAX record GNU.sparse.name.
  it('reads a PAX 1.0 sparse member under its real name, without its sparse map, and reads the members after it', async () => {
    const before = 'Mar 14 14:25:11 k3s-node-09 app[1]: before the hole\n';
    const after = 'Mar 14 14:25:12 k3s-node-09 app[1]: after the hole\n';
    const segment1 = Buffer.concat([Buffer.from(before), Buffer.alloc(4096 - before.length)]);
    const map = Buffer.from(`2\n0\n4096\n1048576\n${after.length}\n`);
    const data = Buffer.concat([map, Buffer.alloc(512 - map.length), segment1, Buffer.from(after)]);
    const sparse = { 'GNU.sparse.major': '1', 'GNU.sparse.minor': '0', 'GNU.sparse.name': 'node/app.log', 'GNU.sparse.realsize': String(1048576 + after.length) };
    const tar = await buildTar([
      { name: 'node/GNUSparseFile.4242/app.log', data, pax: sparse },
      { name: 'node/after.log', data: 'Mar 14 14:25:13 k3s-node-09 app[1]: a later member\n' },
      { name: 'node/GNUSparseFile.4243/broken.log', data: Buffer.from('2\n0\nxx\n'), pax: { ...sparse, 'GNU.sparse.name': 'node/broken.log' } },
    ]);
    const path = writeInput(dir, 'pax-sparse.tgz', gzip(tar));
    const run = await runJson([path]);
    expect(run.status).toBe(0);
    const file = fileEnding(run.report!, 'node/app.log');
    expect(file).toMatchObject({ lines: 2, unparsed: 0 });
    expect(run.report!.files.some((f) => f.path.includes('GNUSparseFile'))).toBe(false);
    expect(fileEnding(run.report!, 'node/after.log')?.lines).toBe(1);
    const broken = run.report!.files.find((f) => f.path.endsWith('node/broken.log'));
    expect(broken?.reason).toMatch(/sparse map .*damaged/);
  });

  it('reads members with long names from PAX and GNU long-name headers under their full name', async () => {
    const deep = `./${NODE_DIR}/k3s/podlogs/${'kube-system_coredns-ccb96694c-7x2mq_f5dbf09d-a1fe-4813-bae3-3a42b2714f5a/'.repeat(3)}coredns/0.log`;
    const gnuName = `./${NODE_DIR}/k3s/podlogs/${'x'.repeat(180)}/metrics-server/0.log`;
    const line = '2025-03-14T14:25:15.518500416Z stderr F [INFO] plugin/reload: Running configuration SHA512 = 1b226df7\n';
    const path = writeInput(dir, 'long-names.tgz', gzip(asGnuLongLink(await buildTar([
      { name: deep, data: line },
      // GNU tar writes a `././@LongLink` entry of type L holding the name, then the entry with a cut name.
      { name: '././@LongLink', data: `${gnuName}\0` },
      { name: gnuName.slice(0, 99), data: line + line },
    ]))));
    const run = await runJson([path]);
    expect(run.status).toBe(0);
    const paths = run.report!.files.map((f) => f.path);
    expect(paths).toContain(`${path}:${deep.slice(2)}`);
    expect(paths).toContain(`${path}:${gnuName.slice(2)}`);
    expect(fileEnding(run.report!, gnuName.slice(2))?.lines).toBe(2);
  });
});
