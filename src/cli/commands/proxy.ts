import { loadPricesOption, PRICES_OPTION_HELP } from '../prices.js';
import type { Command } from 'commander';
import { isProfileId, PROFILE_IDS, type ProfileId } from '../../contract/profiles.js';
import { PROXY_DEFAULTS, startProxy, type ProxyServer } from '../../proxy.js';
import { CliError, err, out, parseCount } from '../output.js';
import { JsonlFile } from '../output-file.js';

/** The flags of `wan-contract proxy`, as commander gives them. */
export interface ProxyFlags {
  upstream: string;
  prices?: string;
  profile?: string;
  host: string;
  port: string;
  enforce?: boolean;
  evidence?: string;
  violations?: string;
  target?: string;
  timeoutMs: string;
  maxTasks: string;
  maxMemory: string;
  taskDeadlineMs: string;
  graceMs: string;
}

function parseProfile(text: string | undefined): ProfileId | undefined {
  if (text === undefined) return undefined;
  if (!isProfileId(text))
    throw new CliError(`--profile must be ${PROFILE_IDS.join(' or ')}, received ${JSON.stringify(text)}`, 2);
  return text;
}

async function start(flags: ProxyFlags, evidence?: JsonlFile, violations?: JsonlFile): Promise<ProxyServer> {
  const port = parseCount('--port', flags.port);
  if (port > 65535)
    throw new CliError(`--port must be at most 65535, received ${port}`, 2, 'use --port 0 to pick a free port');
  const profile = parseProfile(flags.profile);
  try {
    return await startProxy({
      upstream: flags.upstream,
      host: flags.host,
      port,
      enforce: flags.enforce ?? false,
      ...(profile ? { profile } : {}),
      ...(flags.target !== undefined ? { target: flags.target } : {}),
      upstreamTimeoutMs: parseCount('--timeout-ms', flags.timeoutMs),
      maxTasks: parseCount('--max-tasks', flags.maxTasks),
      maxMemoryBytes: parseCount('--max-memory', flags.maxMemory, 1),
      taskDeadlineMs: parseCount('--task-deadline-ms', flags.taskDeadlineMs),
      graceMs: parseCount('--grace-ms', flags.graceMs),
      ...(evidence ? { onRecord: (line: string) => evidence.write(line) } : {}),
      ...(violations ? { onViolation: (line: string) => violations.write(line) } : {}),
    });
  } catch (error) {
    if (error instanceof RangeError)
      throw new CliError(
        error.message.replace(/^upstream/, '--upstream'),
        2,
        'for example: --upstream https://dashscope.aliyuncs.com/api/v1',
      );
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new CliError(`port ${port} on ${flags.host} is already in use`, 3, 'pick another with --port, or --port 0');
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new CliError(`cannot listen on ${flags.host}: ${code}`, 3, 'use --host 127.0.0.1 or --host 0.0.0.0');
    throw error;
  }
}

/**
 * The start of `wan-contract proxy`: both files are opened (or refused, exit 2) before the proxy listens, so no
 * record can be lost to a bad path and no start path waits on an event that may already have fired.
 */
export async function startProxyCommand(
  flags: ProxyFlags,
): Promise<{ proxy: ProxyServer; evidence: JsonlFile | undefined; violations: JsonlFile | undefined }> {
  const evidence = flags.evidence ? new JsonlFile('--evidence', flags.evidence) : undefined;
  const violations = flags.violations ? new JsonlFile('--violations', flags.violations) : undefined;
  return { proxy: await start(flags, evidence, violations), evidence, violations };
}

/** `wan-contract proxy`: the validating proxy, until SIGINT or SIGTERM; then every record is flushed. */
export function registerProxy(program: Command): void {
  program
    .command('proxy')
    .description(
      'forward clients to a provider, check every exchange against the contract, and write its task log as evidence',
    )
    .requiredOption('--upstream <url>', "the provider's API root, ending in its base path (as conform --base-url)")
    .option('--profile <profile>', `contract profile: ${PROFILE_IDS.join(' or ')} (default: from the upstream's path)`)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0: a free port, printed)', '0')
    .option('--enforce', 'refuse requests that break the contract with its 4xx; replace broken answers with a 502')
    .option(
      '--evidence <file>',
      'append one task log record per task (JSONL, read by `wan-contract evidence`); a task seen only by its queries (submitted through another proxy) gets a fragment line',
    )
    .option('--prices <file>', PRICES_OPTION_HELP)
    .option('--violations <file>', 'append one line per contract violation (JSONL)')
    .option('--target <name>', "the target named in the evidence records (default: the upstream's origin)")
    .option('--timeout-ms <ms>', 'deadline of one upstream exchange', String(PROXY_DEFAULTS.upstreamTimeoutMs))
    .option(
      '--max-tasks <n>',
      'tasks followed at once; past it the oldest is recorded unfinished',
      String(PROXY_DEFAULTS.maxTasks),
    )
    .option(
      '--max-memory <bytes>',
      'bytes the followed tasks may hold (large inputs are kept as digests); past it the oldest is recorded unfinished',
      String(PROXY_DEFAULTS.maxMemoryBytes),
    )
    .option(
      '--task-deadline-ms <ms>',
      'a task not ended this long after its submit breaks task-ends-in-time',
      String(PROXY_DEFAULTS.taskDeadlineMs),
    )
    .option('--grace-ms <ms>', 'on SIGINT or SIGTERM, how long requests in flight may finish', '10000')
    .addHelpText(
      'after',
      [
        '',
        'Every answer carries X-Contract-Violations: the number of violations its exchange showed. The proxy also',
        'serves GET /__proxy/health and GET /__proxy/metrics (Prometheus). API keys never appear in any output.',
        '',
        'Examples:',
        '  $ wan-contract proxy --upstream https://dashscope.aliyuncs.com/api/v1 --evidence e.jsonl --violations v.jsonl',
        '  $ wan-contract proxy --upstream http://127.0.0.1:4010/api/v1 --port 8080 --enforce',
        '  $ wan-contract evidence e.jsonl',
        '  $ wan-contract evidence proxy-a.jsonl proxy-b.jsonl   # proxies behind a load balancer, merged per task',
      ].join('\n'),
    )
    .action(async (flags: ProxyFlags) => {
      loadPricesOption(flags.prices);
      const { proxy, evidence, violations } = await startProxyCommand(flags);
      out(`wan-contract proxy listening: ${proxy.baseUrl} → ${flags.upstream}${flags.enforce ? ' (enforcing)' : ''}`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop).off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop).on('SIGTERM', stop);
      });
      await proxy.close();
      await evidence?.close();
      await violations?.close();
      err(
        `wan-contract proxy stopped: ${evidence ? `${evidence.lines} task records` : 'no evidence file'}, ${violations ? `${violations.lines} violations` : 'no violations file'}`,
      );
    });
}
