/** `wsgate serve`: placeholder until its issue lands. */
import type { Command } from '../command.js';

export const command: Command = {
  name: 'serve',
  summary: '(serve: not built yet)',
  usage: 'wsgate serve: not built yet',
  async run(_argv, io) {
    io.stderr.write('wsgate serve is not built yet\n');
    return 1;
  },
};
