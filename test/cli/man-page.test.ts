import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { logsiftManPage } from '../../src/cli/man-page-text.js';
import { COMMANDS } from '../../src/cli/command-table.js';

describe('docs/logsift.1', () => {
  it('is what the option specs give today (run "npm run docs:man" after changing an option)', () => {
    expect(readFileSync('docs/logsift.1', 'utf8')).toBe(logsiftManPage());
  });

  it('documents every command, every option and every exit status', () => {
    const page = logsiftManPage();
    for (const command of COMMANDS) {
      expect(page).toContain(`.SH ${command.name.toUpperCase()} OPTIONS`);
      for (const option of Object.keys(command.options)) expect(page, option).toContain(`\\-\\-${option.replace(/-/g, '\\-')}`);
    }
    for (const code of [0, 1, 2, 3, 4, 70]) expect(page).toContain(`.TP\n.B ${code}\n`);
  });
});
