/**
 * The counter (in `counters`, per tenant) that grows with every change a worker caches: a definition
 * version published or its status changed, a breaker written, a whitelist entry added or removed.
 * Workers sharing a store compare it to reload only the tenants that changed.
 */
export const GENERATION_KEY = "config:generation";
