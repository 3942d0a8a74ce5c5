/** `wsgate lint`: placeholder until its issue lands. */
import type { Command } from '../command.js';

export const command: Command = {
  name: 'lint',
  summary: '(lint: not built yet)',
  usage: 'wsgate lint: not built yet',
  async run(_argv, io) {
    io.stderr.write('wsgate lint is not built yet\n');
    return 1;
  },
};
