import { createHash } from 'node:crypto';

/*
 * The tenant of a request: who its tasks belong to. The mock keeps tasks per tenant and the proxy labels its
 * records with it; both keep this hash, never the key itself.
 */

const tenants = new Map<string, string>();
const MAX_TENANTS = 10_000;

/** A hash of an API key, as the tenant of its tasks: the first 16 hex digits of its SHA-256; no key: `anonymous`. */
export function tenantOf(key: string | undefined): string {
  if (!key) return 'anonymous';
  let tenant = tenants.get(key);
  if (tenant === undefined) {
    tenant = createHash('sha256').update(key).digest('hex').slice(0, 16);
    // Bounded: random keys cannot grow memory.
    if (tenants.size >= MAX_TENANTS) tenants.clear();
    tenants.set(key, tenant);
  }
  return tenant;
}
