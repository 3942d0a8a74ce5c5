/**
 * Channel globs for `--proxy-publish` and `--proxy-subscribe` (docs/backend.md): a list of
 * patterns where `*` stands for any run of characters (`:` included) and `?` for exactly one.
 * `ai:*` matches `ai:alice:1`; `*` matches every channel; a pattern without wildcards matches
 * only itself.
 */

/** True when `channel` matches one of the globs. */
export type ChannelMatcher = (channel: string) => boolean;

const NONE: ChannelMatcher = () => false;

function globToRegExp(glob: string): string {
  let out = '';
  for (const ch of glob) {
    if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else out += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return out;
}

/**
 * @example
 * const proxied = channelMatcher(['ai:*', 'support:?']);
 * proxied('ai:alice:1'); // true
 * proxied('room:lobby'); // false
 */
export function channelMatcher(globs: readonly string[]): ChannelMatcher {
  const patterns = globs.map((g) => g.trim()).filter(Boolean);
  if (patterns.length === 0) return NONE;
  if (patterns.includes('*')) return () => true;
  const re = new RegExp(`^(?:${patterns.map(globToRegExp).join('|')})$`, 's');
  return (channel) => re.test(channel);
}
