import type { Command } from 'commander';

/** A subcommand's registration: adds the command, its flags and its action to the program. */
type Register = (program: Command) => void;

/*
 * Each subcommand's module, imported only when it runs: `wan-contract quote …` loads the price tables, not the
 * conformance runner, the mock and the proxy. Help, an unknown command and completion load them all. In help order.
 */
export const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  models: async () => (await import('./commands/models.js')).registerModels,
  quote: async () => (await import('./commands/quote.js')).registerQuote,
  validate: async () => (await import('./commands/validate.js')).registerValidate,
  spec: async () => (await import('./commands/spec.js')).registerSpec,
  mock: async () => (await import('./commands/mock.js')).registerMock,
  conform: async () => (await import('./commands/conform.js')).registerConform,
  cases: async () => (await import('./commands/cases.js')).registerCases,
  evidence: async () => (await import('./commands/evidence.js')).registerEvidence,
  matrix: async () => (await import('./commands/matrix.js')).registerMatrix,
  coverage: async () => (await import('./commands/coverage.js')).registerCoverage,
  proxy: async () => (await import('./commands/proxy.js')).registerProxy,
  'client-check': async () => (await import('./commands/client-check.js')).registerClientCheck,
};

/**
 * The subcommands a command line needs: the one it names, none for a bare `--version`, else every one (help, a
 * typo that earns a suggestion).
 */
export function commandsFor(argv: readonly string[]): string[] {
  const args = argv.slice(2);
  const named = args.find((a) => !a.startsWith('-'));
  if (named !== undefined && Object.hasOwn(COMMANDS, named)) return [named];
  if (named === undefined && args.some((a) => a === '--version' || a === '-V')) return [];
  return Object.keys(COMMANDS);
}
