import type { Command } from 'commander';
import { PROFILE_IDS } from '../../contract/profiles.js';
import {
  ADMIN_PREFIX,
  ADMIN_TOKEN_HEADER,
  FAULT_NAMES,
  FAULTS,
  MOCK_DEFAULTS,
  startMockServer,
  type MockRequestLog,
  type MockServer,
} from '../../mock.js';
import { CliError, out, palette, parseCount, useColor } from '../output.js';

interface MockFlags {
  host: string;
  port: string;
  pendingMs: string;
  runningMs: string;
  apiKey?: string;
  publicBaseUrl?: string;
  rateLimits?: boolean;
  quiet?: boolean;
  scenario?: string[];
  bodyLimit: string;
  adminToken?: string;
  adminRemote?: boolean;
}

/** One line per fault: its name, what the mock does, what a correct client does (for `--help`). */
export function faultHelp(): string {
  const width = Math.max(...FAULT_NAMES.map((n) => (n === 'slow' ? 'slow[:ms]' : n).length));
  return FAULT_NAMES.map((name) => {
    const label = (name === 'slow' ? 'slow[:ms]' : name).padEnd(width);
    return `  ${label}  ${FAULTS[name].does}\n  ${' '.repeat(width)}  → a correct client: ${FAULTS[name].client}`;
  }).join('\n');
}

/** The admin surface and CORS, for `--help`. */
export function adminHelp(): string {
  return [
    `Admin surface (not part of the contract), under ${ADMIN_PREFIX}, loopback clients only unless --admin-remote;`,
    `with --admin-token, send Authorization: Bearer TOKEN or ${ADMIN_TOKEN_HEADER}: TOKEN:`,
    `  GET  ${ADMIN_PREFIX}tasks                     every task with its status`,
    `  GET  ${ADMIN_PREFIX}tasks/ID                  one task`,
    `  POST ${ADMIN_PREFIX}tasks/ID/status           {"status":"SUCCEEDED"}: force a status of the contract`,
    `  GET  ${ADMIN_PREFIX}clock                     the mock's clock`,
    `  POST ${ADMIN_PREFIX}clock/advance             {"ms":60000}: move the clock forward`,
    `  POST ${ADMIN_PREFIX}reset                     forget every task, count and logged request`,
    `  GET  ${ADMIN_PREFIX}requests?limit=N          the last requests, keys redacted`,
    'CORS: every API answer allows any origin and OPTIONS answers the preflight, so a browser app can call the mock.',
  ].join('\n');
}

function logLine(colors: ReturnType<typeof palette>): (entry: MockRequestLog) => void {
  return ({ method, path, status, ms }) => {
    const paint = status >= 500 ? colors.red : status >= 400 ? colors.yellow : colors.green;
    out(`${method} ${path} ${paint(String(status))} ${colors.dim(`${ms.toFixed(1)} ms`)}`);
  };
}

async function start(flags: MockFlags): Promise<MockServer> {
  const port = parseCount('--port', flags.port);
  if (port > 65535)
    throw new CliError(`--port must be at most 65535, received ${port}`, 2, 'use --port 0 to pick a free port');
  try {
    return await startMockServer({
      host: flags.host,
      port,
      pendingMs: parseCount('--pending-ms', flags.pendingMs),
      runningMs: parseCount('--running-ms', flags.runningMs),
      rateLimits: flags.rateLimits ?? false,
      scenarios: flags.scenario ?? [],
      maxBodyBytes: parseCount('--body-limit', flags.bodyLimit, 1),
      ...(flags.adminToken !== undefined ? { adminToken: flags.adminToken } : {}),
      ...(flags.adminRemote ? { adminRemote: true } : {}),
      ...(flags.apiKey !== undefined ? { apiKey: flags.apiKey } : {}),
      ...(flags.publicBaseUrl !== undefined ? { publicBaseUrl: flags.publicBaseUrl } : {}),
      ...(flags.quiet ? {} : { onRequest: logLine(palette(useColor())) }),
    });
  } catch (error) {
    if (error instanceof RangeError)
      throw new CliError(
        error.message
          .replace(/^publicBaseUrl/, '--public-base-url')
          .replace(/^scenarios/, '--scenario')
          .replace(/^adminToken/, '--admin-token')
          .replace(/^adminRemote needs an adminToken/, '--admin-remote needs --admin-token'),
        2,
        'wan-contract mock --help lists the scenarios and the admin surface',
      );
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new CliError(
        `port ${port} on ${flags.host} is already in use`,
        3,
        'pick another with --port, or --port 0 for a free one',
      );
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new CliError(`cannot listen on ${flags.host}: ${code}`, 3, 'use --host 127.0.0.1 or --host 0.0.0.0');
    throw error;
  }
}

/** `wan-contract mock`: runs the stateful reference mock until SIGINT or SIGTERM. */
export function registerMock(program: Command): void {
  program
    .command('mock')
    .description(
      'run the stateful reference mock of both profiles (tasks move PENDING → RUNNING → SUCCEEDED, videos downloadable)',
    )
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0: a free port, printed)', '4010')
    .option('--pending-ms <ms>', 'how long a task stays PENDING', String(MOCK_DEFAULTS.pendingMs))
    .option('--running-ms <ms>', 'how long a task stays RUNNING', String(MOCK_DEFAULTS.runningMs))
    .option('--api-key <key>', 'accept only this bearer key (default: any non-empty key)')
    .option(
      '--public-base-url <url>',
      'scheme://host[:port] written into video_url (default: the host the client reached)',
    )
    .option('--rate-limits', "enforce each model's official submit RPS and concurrent-task limits with 429s")
    .option(
      '--body-limit <bytes>',
      'largest request body accepted; a larger one is answered 413 BadRequest.TooLarge',
      String(MOCK_DEFAULTS.maxBodyBytes),
    )
    .option('--admin-token <token>', `require this token on the admin surface ${ADMIN_PREFIX} (8+ characters)`)
    .option('--admin-remote', 'answer the admin surface from any address, not only loopback (needs --admin-token)')
    .option('--quiet', 'do not log one line per request')
    .option(
      '--scenario <names>',
      'inject faults into every request and task (comma-separated, repeatable; listed below)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .addHelpText(
      'after',
      () =>
        `\n${adminHelp()}\n\nScenarios (faults): name them for one request with the header X-Mock-Scenario: a,b (a task fault named on a\nsubmit stays with that task), or for the whole server with --scenario a,b:\n${faultHelp()}\n\nExamples:\n  $ wan-contract mock\n  $ wan-contract mock --port 0 --pending-ms 0 --running-ms 0 --quiet\n  $ wan-contract mock --scenario unavailable,slow:500\n  $ wan-contract mock --public-base-url http://localhost:4010 --rate-limits\n  $ wan-contract mock --admin-token local-admin-secret --body-limit 1048576`,
    )
    .action(async (flags: MockFlags) => {
      const server = await start(flags);
      out(`wan-contract mock listening: ${PROFILE_IDS.map((p) => `${p}=${server.baseUrls[p]}`).join(' ')}`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop).off('SIGTERM', stop);
          void server.close().then(resolve);
        };
        process.on('SIGINT', stop).on('SIGTERM', stop);
      });
    });
}
