import { describe, expect, it } from 'vitest';
import { LayoutTracker } from '../../../src/ingest/index.js';

// sosreport/sos 5c7e63e: host.py runs `hostname` (root symlink `hostname`), date.py runs `date` and `date --utc`;
// sos 3 kept `hostname` under sos_commands/general/.
describe('sos report metadata files', () => {
  const top = 'sosreport-k8s-cp-1-renamed-2022-02-11-ab';

  it('takes the host from sos_commands/host/hostname and the time from date --utc, for the members after them', () => {
    const t = new LayoutTracker(`${top}.tar.xz`);
    expect(t.describe(`${top}/sos_commands/containerd/journalctl_--no-pager_--unit_containerd`).host).toBe('k8s-cp-1-renamed');
    expect(t.isMetadata(`${top}/sos_commands/date/date_--utc`)).toBe(true);
    t.learn(`${top}/sos_commands/date/date_--utc`, 'Fri Feb 11 19:45:12 UTC 2022\n');
    expect(t.isMetadata(`${top}/sos_commands/host/hostname`)).toBe(true);
    t.learn(`${top}/sos_commands/host/hostname`, 'k8s-cp-1\n');
    expect(t.describe(`${top}/var/log/syslog`)).toMatchObject({
      host: 'k8s-cp-1', collectedAt: Date.UTC(2022, 1, 11, 19, 45, 12), collectedAtSource: "the sos report's date file",
    });
  });

  it('ranks the hostname file over sos 3 general/hostname, --utc over a local date, and ignores junk', () => {
    const t = new LayoutTracker(undefined);
    t.describe(`${top}/version.txt`);
    t.learn(`${top}/sos_commands/host/hostname`, 'k8s-cp-1\n');
    t.learn(`${top}/sos_commands/general/hostname`, 'other\n');
    t.learn(`${top}/sos_commands/date/date`, 'Fri Feb 11 20:45:12 CET 2022\n');
    expect(t.describe(`${top}/var/log/syslog`)).toMatchObject({ host: 'k8s-cp-1', collectedAt: Date.UTC(2022, 1, 11, 20, 45, 12) });
    t.learn(`${top}/sos_commands/date/date_--utc`, 'Fri Feb 11 19:45:12 UTC 2022\n');
    t.learn(`${top}/sos_commands/date/date`, 'not a date\n');
    t.learn(`${top}/hostname`, 'bad host name with spaces\n');
    expect(t.describe(`${top}/var/log/syslog`)).toMatchObject({ host: 'k8s-cp-1', collectedAt: Date.UTC(2022, 1, 11, 19, 45, 12) });
    expect(t.isMetadata(`${top}/sos_commands/networking/ip_addr`)).toBe(false);
  });

  // systemd's `timedatectl status` layout (src/timedate/timedatectl.c), as sos's systemd plugin captures it.
  const TIMEDATECTL = [
    '               Local time: Fri 2022-02-11 20:45:12 CET',
    '           Universal time: Fri 2022-02-11 19:45:12 UTC',
    '                 RTC time: Fri 2022-02-11 19:45:12',
    '                Time zone: Europe/Berlin (CET, +0100)',
    'System clock synchronized: yes',
    '',
  ].join('\n');

  it('takes the node\'s zone from timedatectl, over etc/timezone, and ignores what names no zone', () => {
    const t = new LayoutTracker(`${top}.tar.xz`);
    expect(t.isMetadata(`${top}/sos_commands/systemd/timedatectl`)).toBe(true);
    expect(t.isMetadata(`${top}/etc/timezone`)).toBe(true);
    t.learn(`${top}/etc/timezone`, 'America/New_York\n');
    expect(t.describe(`${top}/var/log/syslog`).timeZone).toBe('America/New_York');
    t.learn(`${top}/sos_commands/systemd/timedatectl`, TIMEDATECTL);
    expect(t.describe(`${top}/var/log/syslog`).timeZone).toBe('Europe/Berlin');
    t.learn(`${top}/etc/timezone`, 'Asia/Tokyo\n');
    expect(t.describe(`${top}/var/log/syslog`).timeZone).toBe('Europe/Berlin');
    const junk = new LayoutTracker(`${top}.tar.xz`);
    junk.learn(`${top}/sos_commands/systemd/timedatectl`, 'Failed to create bus connection: No such file or directory\n');
    junk.learn(`${top}/etc/timezone`, 'rm -rf /\n');
    expect(junk.describe(`${top}/var/log/syslog`).timeZone).toBeUndefined();
  });

  it('of two files of one rank keeps the first by path, whichever is read first', () => {
    const facts = (order: readonly string[]) => {
      const t = new LayoutTracker(`${top}.tar.xz`);
      const texts: Record<string, string> = { 'sos_commands/date/date': 'Fri Feb 11 19:45:12 UTC 2022\n', 'sos_commands/general/date': 'Fri Feb 11 19:50:00 UTC 2022\n' };
      t.describe(`${top}/version.txt`);
      for (const path of order) t.learn(`${top}/${path}`, texts[path]!);
      return t.describe(`${top}/var/log/syslog`).collectedAt;
    };
    expect(facts(['sos_commands/date/date', 'sos_commands/general/date'])).toBe(Date.UTC(2022, 1, 11, 19, 45, 12));
    expect(facts(['sos_commands/general/date', 'sos_commands/date/date'])).toBe(Date.UTC(2022, 1, 11, 19, 45, 12));
  });

  it('gives every member what a whole earlier read settled, and reports what it learns', () => {
    const heard: [string, unknown][] = [];
    const first = new LayoutTracker(`${top}.tar.xz`, undefined, undefined, { scope: 'in.tgz', onLearned: (key, facts) => heard.push([key, facts]) });
    first.describe(`${top}/version.txt`);
    first.learn(`${top}/sos_commands/systemd/timedatectl`, TIMEDATECTL);
    first.learn(`${top}/sos_commands/host/hostname`, 'k8s-cp-1\n');
    const [key, settled] = heard[heard.length - 1]!;
    expect(key).toBe(`in.tgz\u0000${top}/`);
    const second = new LayoutTracker(`${top}.tar.xz`, undefined, undefined, { scope: 'in.tgz', settled: (k) => (k === key ? (settled as never) : undefined) });
    expect(second.describe(`${top}/var/log/syslog`)).toMatchObject({ host: 'k8s-cp-1', timeZone: 'Europe/Berlin', layoutBundle: key });
    expect(second.describe(`${top}/var/log/syslog`).hostProvisional).toBeUndefined();
  });
});
