import { describe, expect, it } from 'vitest';
import { defaultIndexPath } from '../../src/known-incidents/default-index-path.js';

describe('the default index path', () => {
  it('is under XDG_DATA_HOME when it is set', () => {
    expect(defaultIndexPath({ XDG_DATA_HOME: '/srv/data', HOME: '/home/ana' })).toBe('/srv/data/logsift/known-incidents.sqlite');
  });

  it('falls back to ~/.local/share, ignoring a relative XDG_DATA_HOME as the XDG spec says', () => {
    expect(defaultIndexPath({ HOME: '/home/ana' })).toBe('/home/ana/.local/share/logsift/known-incidents.sqlite');
    expect(defaultIndexPath({ XDG_DATA_HOME: 'data', HOME: '/home/ana' })).toBe('/home/ana/.local/share/logsift/known-incidents.sqlite');
    expect(defaultIndexPath({ XDG_DATA_HOME: '', HOME: '/home/ana' })).toBe('/home/ana/.local/share/logsift/known-incidents.sqlite');
  });
});
