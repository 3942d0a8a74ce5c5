// The CLI as a process, straight from the sources (tsx): what bin/wsgate.js runs from dist/,
// without a build. Reads process.env like the real executable, so LANG/LC_ALL decide.
import { main } from '../../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
