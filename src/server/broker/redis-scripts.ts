/**
 * The Redis side of the Redis broker: key layout and the Lua scripts that make each step
 * atomic on the server (docs/scaling.md "Key layout"). Every key of a channel shares the hash tag `{<channel>}`, so
 * a channel lives in one Redis Cluster slot and its scripts may touch all its keys.
 *
 *   <prefix>{<channel>}:meta          hash  epoch, offset (the channel's position), rid (Redis replication id)
 *   <prefix>{<channel>}:stream        stream, entry id "<offset>-0", fields b (body JSON) and t (ms)
 *   <prefix>{<channel>}:idem:<user>:<key>   "<epoch> <offset>" of the first publish with that key
 *   <prefix>{<channel>}:presence      hash  "<node>\n<connection>" → user id
 *   <prefix>{<channel>}:presence-nodes  zset node id → last heartbeat (Redis time, ms)
 *   <prefix>{<channel>}:pub           pub/sub channel carrying each published message (SPUBLISH on Cluster)
 *
 * Times come from Redis (`TIME`), so nodes with skewed clocks agree on ages. An epoch is
 * "<Redis ms>-<random>".
 */

/** The scripts, as registered on the command connection (ioredis defineCommand). */
export type ScriptName = 'wsgatePublish' | 'wsgateRead' | 'wsgatePresenceWrite' | 'wsgatePresenceRead';
export type ScriptRunner = (name: ScriptName, ...args: Array<string | number>) => Promise<unknown>;

export interface ChannelKeys {
  channel: string;
  meta: string;
  stream: string;
  presence: string;
  presenceNodes: string;
  pubsub: string;
  idem(from: string, key: string): string;
}

export function channelKeys(prefix: string, channel: string): ChannelKeys {
  const base = `${prefix}{${channel}}`;
  return {
    channel,
    meta: `${base}:meta`,
    stream: `${base}:stream`,
    presence: `${base}:presence`,
    presenceNodes: `${base}:presence-nodes`,
    pubsub: `${base}:pub`,
    // Length-prefix the user id so "a:b"+"c" and "a"+"b:c" cannot collide.
    idem: (from, key) => `${base}:idem:${from.length}:${from}:${key}`,
  };
}

const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * The Redis server's replication id. It changes whenever Redis restarts or a replica is
 * promoted (failover); what was written under another id may be incomplete (asynchronous
 * replication, fsync policy), so a channel whose position was written under another id starts
 * a new epoch: its clients get recovered:false once rather than a hole they cannot see.
 */
const REPLID = `
local rid = string.match(redis.call('INFO', 'replication'), 'master_replid:(%w+)') or ''
`;

/**
 * Publish a batch: for each message in turn, the idempotency check, offset increment, stream
 * append (bounded by size and age) and pub/sub fan-out, all in one atomic step, so an ack (the
 * script's reply) comes only after its message is in the stream, and pub/sub order equals offset
 * order. A node sends every publish of one event-loop turn in one call (redis-publish-batch.ts):
 * one round trip, and TIME and the replication id read once, however many messages.
 *
 * KEYS: per message i: meta, stream, idem (the meta key again when there is no idempotency key)
 * ARGV: epoch suffix (random), max length, history ttl ms, position ttl ms,
 *       'PUBLISH' or 'SPUBLISH' (sharded pub/sub on Redis Cluster: the channel is in the keys' slot),
 *       then per message i: pubsub channel, body JSON, has-idem ('1'/'0')
 * Returns {time, then per message: duplicate (0/1), epoch, offset}
 */
export const PUBLISH_LUA = `${NOW}${REPLID}
local out = {now}
local cutoff = now - tonumber(ARGV[3])
local touched = {}
for i = 0, #KEYS / 3 - 1 do
  local meta, stream, idem = KEYS[i * 3 + 1], KEYS[i * 3 + 2], KEYS[i * 3 + 3]
  local pubsub, body, hasIdem = ARGV[6 + i * 3], ARGV[7 + i * 3], ARGV[8 + i * 3]
  local prev = hasIdem == '1' and redis.call('GET', idem)
  if prev then
    local sep = string.find(prev, ' ', 1, true)
    out[#out + 1] = 1
    out[#out + 1] = string.sub(prev, 1, sep - 1)
    out[#out + 1] = tonumber(string.sub(prev, sep + 1))
  else
    local epoch = redis.call('HGET', meta, 'epoch')
    if not epoch or redis.call('HGET', meta, 'rid') ~= rid then
      -- The position is gone (first publish, FLUSHALL, restart without persistence) or may be
      -- incomplete (restart, failover): a new epoch, and whatever stream is left belongs to the old one.
      epoch = now .. '-' .. ARGV[1]
      redis.call('DEL', stream)
      redis.call('HSET', meta, 'epoch', epoch, 'offset', 0, 'rid', rid)
    end
    local offset = redis.call('HINCRBY', meta, 'offset', 1)
    redis.call('XADD', stream, 'MAXLEN', ARGV[2], offset .. '-0', 'b', body, 't', now)
    if not touched[stream] then
      touched[stream] = true
      -- Age bound (--history-ttl): drop expired entries from the head, a bounded number of steps
      -- (once per stream and batch: the batch shares one clock reading).
      local first = redis.call('XRANGE', stream, '-', '+', 'COUNT', 1)[1]
      if first and tonumber(first[2][4]) < cutoff then
        for _ = 1, 64 do
          local head = redis.call('XRANGE', stream, '-', '+', 'COUNT', 32)
          local n = #head
          if n == 0 then break end
          local keep = nil
          for j = 1, n do
            if tonumber(head[j][2][4]) >= cutoff then keep = head[j][1] break end
          end
          if keep then
            redis.call('XTRIM', stream, 'MINID', keep)
            break
          end
          local last = tonumber(string.match(head[n][1], '^(%d+)'))
          redis.call('XTRIM', stream, 'MINID', (last + 1) .. '-0')
        end
      end
      redis.call('PEXPIRE', stream, ARGV[3])
      redis.call('PEXPIRE', meta, ARGV[4])
    end
    if hasIdem == '1' then
      redis.call('SET', idem, epoch .. ' ' .. offset, 'PX', ARGV[3])
    end
    redis.call(ARGV[5], pubsub, '{"e":"' .. epoch .. '","o":' .. offset .. ',"t":' .. now .. ',"b":' .. body .. '}')
    out[#out + 1] = 0
    out[#out + 1] = epoch
    out[#out + 1] = offset
  end
end
return out
`;

/**
 * Position and read: the channel's epoch and offset (creating an epoch when there is none, so
 * a subscriber of an empty channel gets a position it can recover from later), and the
 * stream entries after an offset, read atomically with the position.
 *
 * KEYS: meta, stream
 * ARGV: epoch suffix (random), position ttl ms, read after offset (-1: do not read), max entries
 * Returns {epoch, offset, now, entries}
 */
export const READ_LUA = `${NOW}${REPLID}
local epoch = redis.call('HGET', KEYS[1], 'epoch')
local offset = 0
if not epoch or redis.call('HGET', KEYS[1], 'rid') ~= rid then
  epoch = now .. '-' .. ARGV[1]
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[1], 'epoch', epoch, 'offset', 0, 'rid', rid)
else
  offset = tonumber(redis.call('HGET', KEYS[1], 'offset')) or 0
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
local entries = {}
local after = tonumber(ARGV[3])
if after >= 0 and after < offset then
  entries = redis.call('XRANGE', KEYS[2], '(' .. after .. '-0', '+', 'COUNT', ARGV[4])
end
return {epoch, offset, now, entries}
`;

/**
 * Presence write for one node: add or remove connections, clear the node's entries, or
 * heartbeat. A heartbeat ('beat', with one of the node's fields as a sample) only refreshes the
 * node's timestamp when its entries are still there, and returns 0 otherwise, so the node then
 * re-asserts them all ('set'): a flushed or restarted Redis, or a node that was taken for dead
 * after a long pause, gets its presence back.
 *
 * KEYS: presence hash, presence-nodes zset
 * ARGV: node id, presence ttl ms, op ('set' | 'del' | 'clear' | 'beat'), then field/value pairs
 *       (set), fields (del) or the sample field (beat)
 */
export const PRESENCE_WRITE_LUA = `${NOW}
local node = ARGV[1]
local op = ARGV[3]
if op == 'clear' then
  local all = redis.call('HKEYS', KEYS[1])
  local prefix = node .. '\\n'
  for _, f in ipairs(all) do
    if string.sub(f, 1, #prefix) == prefix then redis.call('HDEL', KEYS[1], f) end
  end
  redis.call('ZREM', KEYS[2], node)
  return 0
end
if op == 'beat' then
  if redis.call('ZSCORE', KEYS[2], node) == false or redis.call('HEXISTS', KEYS[1], ARGV[4]) == 0 then return 0 end
elseif op == 'set' then
  for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
elseif op == 'del' then
  for i = 4, #ARGV do redis.call('HDEL', KEYS[1], ARGV[i]) end
end
redis.call('ZADD', KEYS[2], now, node)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1
`;

/**
 * Presence read: entries of nodes whose heartbeat is older than the ttl are dead and removed;
 * returns the user id of every live connection.
 *
 * KEYS: presence hash, presence-nodes zset
 * ARGV: presence ttl ms
 */
export const PRESENCE_READ_LUA = `${NOW}
local cutoff = now - tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. cutoff)
local alive = {}
local all = redis.call('HGETALL', KEYS[1])
local out = {}
for i = 1, #all, 2 do
  local field = all[i]
  local sep = string.find(field, '\\n', 1, true)
  local node = sep and string.sub(field, 1, sep - 1) or field
  if alive[node] == nil then alive[node] = redis.call('ZSCORE', KEYS[2], node) ~= false end
  if alive[node] then out[#out + 1] = all[i + 1] else redis.call('HDEL', KEYS[1], field) end
end
return out
`;
