/**
 * The Origin allow-list (`--allowed-origins`): exact origins (`https://app.example.com`),
 * wildcard subdomains (`https://*.example.com`) or `*`. An empty list admits every origin;
 * requests without an Origin header (non-browser clients) are always admitted, since only
 * browsers send one and the check exists to stop other sites' pages (CSWSH).
 */
export function isOriginAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (!origin || allowed.length === 0) return true;
  const o = origin.toLowerCase().replace(/\/+$/, '');
  for (const raw of allowed) {
    const rule = raw.toLowerCase().replace(/\/+$/, '');
    if (rule === '*' || rule === o) return true;
    const star = rule.indexOf('://*.');
    if (star > 0) {
      const scheme = rule.slice(0, star + 3);
      const suffix = rule.slice(star + 4); // ".example.com[:port]"
      if (o.startsWith(scheme) && o.endsWith(suffix) && o.length > scheme.length + suffix.length) return true;
    }
  }
  return false;
}
