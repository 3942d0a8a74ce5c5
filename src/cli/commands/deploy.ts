/** `wsgate deploy`: placeholder until its issue lands. */
import type { Command } from '../command.js';

export const command: Command = {
  name: 'deploy',
  summary: '(deploy: not built yet)',
  usage: 'wsgate deploy: not built yet',
  async run(_argv, io) {
    io.stderr.write('wsgate deploy is not built yet\n');
    return 1;
  },
};
