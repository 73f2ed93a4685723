// Regenerates docs/logsift.1 from the option specs (run after `npm run build`: it uses dist/).
import { writeFileSync } from 'node:fs';
import { logsiftManPage } from '../dist/cli/man-page-text.js';

writeFileSync('docs/logsift.1', logsiftManPage());
console.log('docs/logsift.1 written');
