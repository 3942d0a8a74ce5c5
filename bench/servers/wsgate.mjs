// wsgate under test: `createServer()` from the built package (dist/, what `wsgate serve` runs),
// with the harness's config. Logging stays at the default level (info: a line per connection
// open and close), like a real deployment; stdout goes to a log file the harness keeps.
import { config, ready } from './common.mjs';

const { createServer } = await import(new URL('../../dist/server/index.js', import.meta.url).href);

const cfg = config();
const tokens = new Map();
for (let i = 0; i < cfg.users; i++) tokens.set(`t${i}`, `u${i}`);
const { users, pingInterval, host, port, options = {}, ...rest } = cfg;

const server = await createServer({
  host,
  port,
  tokens,
  ...(pingInterval ? { pingInterval } : {}),
  ...rest,
  ...options,
});
ready(server.port, { server: 'wsgate', broker: server.broker.kind });

let stopping = false;
function stop(signal) {
  if (stopping) return process.exit(0);
  stopping = true;
  // SIGTERM is the drain path, as under `wsgate serve`; SIGINT closes at once
  const done = signal === 'SIGTERM' ? server.drain() : server.close();
  done.then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
