import { describe, expect, it } from 'vitest';
import { parseStandaloneLine } from '../../src/formats/index.js';
import { loadLibrary } from '../../src/patterns/index.js';

// The same words from two processes: systemd-journald at boot (https://github.com/systemd/systemd/issues/4449) means
// the previous boot ended uncleanly; systemd-journal-remote repeating it every second
// (https://github.com/systemd/systemd/issues/23651, https://github.com/openbmc/openbmc/issues/2545) means its receiver
// keeps failing, not that the node lost power.
const JOURNALD = 'Oct 22 03:40:47 node systemd-journald[115912]: File /var/log/journal/5d43c91d6e524e32abfccbd74da8934d/system.journal corrupted or uncleanly shut down, renaming and replacing.';
const JOURNAL_REMOTE = 'Jun 07 10:57:49 hg-68 systemd-journal-remote[17364]: File /home/journal-remote/remote-10.253.32.164.journal corrupted or uncleanly shut down, renaming and replacing.';

describe('context of the emitting process', () => {
  it('raises an unclean shutdown for journald, and nothing for the same words from systemd-journal-remote', async () => {
    const { library } = await loadLibrary(['patterns'], { strict: true });
    expect(library.match(parseStandaloneLine(JOURNALD)).map((m) => m.signature)).toEqual(['node-unclean-shutdown']);
    expect(library.match(parseStandaloneLine(JOURNAL_REMOTE)).map((m) => m.signature)).toEqual([]);
  });
});
