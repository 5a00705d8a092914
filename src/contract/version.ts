/**
 * The contract's version: `info.version` of the generated OpenAPI documents. Semver: a breaking change of the
 * contract (a field, value or path a client relies on removed or tightened) is a major bump.
 */
export const CONTRACT_VERSION = '2.0.0';
