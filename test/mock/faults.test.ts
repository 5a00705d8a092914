import { describe, expect, test } from 'vitest';
import { handlerFetch } from '../../src/conformance/plan/embedded.js';
import { createMockHandler, FAULT_NAMES, FAULTS, parseFaults, startMockServer } from '../../src/mock/index.js';
import { faultHelp } from '../../src/cli/commands/mock.js';
import { PROBES, probeScenario } from './fault-probes.js';
import { exampleRequest, mockHarness } from './helpers.js';

const ORIGIN = 'http://mock.test';

describe('faults, named per request with X-Mock-Scenario (in process)', () => {
  test.each(FAULT_NAMES)('%s', async (name) => {
    const handler = createMockHandler({ pendingMs: 0, runningMs: 0 });
    await PROBES[name]({
      origin: ORIGIN,
      fetch: handlerFetch(handler),
      faultHeaders: { 'X-Mock-Scenario': probeScenario(name) },
    });
  });
});

describe('faults, set for the whole server (over a socket)', () => {
  test.each(FAULT_NAMES)('%s', async (name) => {
    const server = await startMockServer({ pendingMs: 0, runningMs: 0, scenarios: [probeScenario(name)] });
    try {
      await PROBES[name]({ origin: server.url, fetch: (url, init) => fetch(url, init), faultHeaders: {} });
    } finally {
      await server.close();
    }
  });
});

describe('fault selection', () => {
  test('names several faults at once, comma-separated and in any case', async () => {
    const mock = mockHarness({ pendingMs: 0, runningMs: 0 });
    const request = exampleRequest('wan2.2-i2v-flash', 'dashscope');
    const { body } = await mock.submit('dashscope', request, { 'X-Mock-Scenario': ' Fail , lowercase-status' });
    expect((await mock.poll('dashscope', body.output.task_id)).body.output.task_status).toBe('failed');
  });

  test('keeps a task fault named on the submit for every later poll, and applies a request fault only to its request', async () => {
    const mock = mockHarness({ pendingMs: 0, runningMs: 0 });
    const request = exampleRequest('wan2.2-i2v-flash', 'dashscope');
    const accepted = await mock.submit('dashscope', request, { 'X-Mock-Scenario': 'poll-404' });
    const id = accepted.body.output.task_id;
    expect((await mock.poll('dashscope', id)).status).toBe(404);
    expect((await mock.poll('dashscope', id)).status).toBe(404);
    const clean = (await mock.submit('dashscope', request)).body.output.task_id;
    expect((await mock.poll('dashscope', clean, { 'X-Mock-Scenario': 'throttle' })).status).toBe(429);
    expect((await mock.poll('dashscope', clean)).status).toBe(200);
    expect((await mock.poll('dashscope', clean)).status).toBe(200);
  });

  test('answers 400 naming every fault for an unknown one', async () => {
    const mock = mockHarness();
    const refused = await mock.submit('crazyrouter', exampleRequest('wan2.2-t2v-plus', 'crazyrouter'), {
      'X-Mock-Scenario': 'fail,explode',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('InvalidParameter');
    expect(refused.body.message).toMatch(
      /^X-Mock-Scenario must name faults among fail, stuck, never-finish, .* or down \(comma-separated\), received "explode"$/,
    );
  });

  test.each([
    ['slow:fast', 'slow takes a delay in whole milliseconds (slow:250), received "slow:fast"'],
    ['fail:3', 'fail takes no argument, received "fail:3"'],
  ])('refuses the argument in %s', (text, message) => {
    expect(() => parseFaults(text)).toThrow(message);
  });

  test('refuses an unknown fault for the whole server with a RangeError naming the option', () => {
    expect(() => createMockHandler({ scenarios: ['nope'] })).toThrow(RangeError);
    expect(() => createMockHandler({ scenarios: 'nope' })).toThrow(/^scenarios must name faults among/);
  });

  test('every fault says what the mock does and what a correct client does, and --help lists each', () => {
    const help = faultHelp();
    for (const name of FAULT_NAMES) {
      expect(FAULTS[name].does.length).toBeGreaterThan(10);
      expect(FAULTS[name].client.length).toBeGreaterThan(5);
      expect(help).toContain(`  ${name === 'slow' ? 'slow[:ms]' : name} `);
      expect(help).toContain(FAULTS[name].client);
    }
  });
});
