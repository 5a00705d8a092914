/**
 * The validators the build compiles ahead of time, named by `precompiledName` (see ajv.ts): empty in the
 * sources; `npm run build` (scripts/bundle.mjs) replaces the compiled dist/validate/precompiled.js with ajv's
 * standalone code of every schema the package validates with: one function per schema, which builds its validator.
 */
export {};
