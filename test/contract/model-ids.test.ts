import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { MODEL_IDS } from '../../src/contract/models.js';

const ROOT = join(import.meta.dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

// A CLI help example names a model on a `$ wan-contract …` line or as `e.g. <model>`.
const HELP_LINE = /\$ wan-contract |e\.g\. /;

describe('model ids in src', () => {
  test('appear only in the contract data and the CLI help examples', () => {
    const ids = [...MODEL_IDS].sort((a, b) => b.length - a.length);
    const found: string[] = [];
    for (const path of files(join(ROOT, 'src'))) {
      const rel = relative(ROOT, path).replaceAll('\\', '/');
      if (rel.startsWith('src/contract/')) continue;
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (rel.startsWith('src/cli/') && HELP_LINE.test(line)) return;
          const id = ids.find((m) => line.includes(m));
          if (id) found.push(`${rel}:${i + 1}: ${id}`);
        });
    }
    expect(found).toEqual([]);
  });
});
