/** `wsgate doctor`: placeholder until its issue lands. */
import type { Command } from '../command.js';

export const command: Command = {
  name: 'doctor',
  summary: '(doctor: not built yet)',
  usage: 'wsgate doctor: not built yet',
  async run(_argv, io) {
    io.stderr.write('wsgate doctor is not built yet\n');
    return 1;
  },
};
