import { startMockServer, type MockServer, type MockServerOptions } from '../../src/mock.js';
import { startProxy, type ProxyServer, type ProxyServerOptions } from '../../src/proxy.js';

/** A proxy in front of a fresh mock, with what it writes kept in memory. */
export interface Rig {
  readonly mock: MockServer;
  readonly proxy: ProxyServer;
  readonly records: string[];
  readonly violations: string[];
  close(): Promise<void>;
}

export const KEY = 'sk-proxy-test-secret-0123456789';

export async function rig(
  profile: 'crazyrouter' | 'dashscope' = 'dashscope',
  options: Partial<ProxyServerOptions> = {},
  mockOptions: MockServerOptions = { pendingMs: 0, runningMs: 0 },
): Promise<Rig> {
  const mock = await startMockServer(mockOptions);
  const records: string[] = [];
  const violations: string[] = [];
  const proxy = await startProxy({
    upstream: mock.baseUrls[profile],
    onRecord: (line) => records.push(line),
    onViolation: (line) => violations.push(line),
    ...options,
  });
  return {
    mock,
    proxy,
    records,
    violations,
    async close() {
      await proxy.close();
      await mock.close();
    },
  };
}

/** Parsed JSON lines. */
export const parsed = (lines: readonly string[]) => lines.map((l) => JSON.parse(l) as Record<string, any>);
