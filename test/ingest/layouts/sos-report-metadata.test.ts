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
});
