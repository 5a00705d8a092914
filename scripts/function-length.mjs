// Fails when a function in src/ has more than 80 lines of its own (CONVENTIONS.md, "Code"): the lines from its
// first to its last, less the lines of the functions nested in it (each counted on its own, from the line after
// the one it starts on). `node scripts/function-length.mjs [--max N] [--list]`; `npm run lint` runs it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const max = args.includes('--max') ? Number(args[args.indexOf('--max') + 1]) : 80;
const list = args.includes('--list');
// Functions another branch is splitting, each held to its length today so it cannot grow: remove an entry once the
// split lands. The proxy core becomes a pipeline of named steps in issue 19.
const CEILINGS = { 'src/proxy/core.ts proxied': 82 };

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function nameOf(node) {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText();
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  return '(anonymous)';
}

const found = [];
for (const file of sourceFiles(join(ROOT, 'src'))) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const line = (pos) => source.getLineAndCharacterOfPosition(pos).line;
  const visit = (node, owner) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const own = { name: nameOf(node), start: line(node.getStart(source)), end: line(node.getEnd()), nested: 0 };
      own.lines = own.end - own.start + 1;
      if (owner) owner.nested += own.lines - 1;
      found.push({ file: relative(ROOT, file), fn: own });
      ts.forEachChild(node, (child) => visit(child, own));
      return;
    }
    ts.forEachChild(node, (child) => visit(child, owner));
  };
  visit(source, undefined);
}
const measured = found.map(({ file, fn }) => ({ file, name: fn.name, line: fn.start + 1, own: fn.lines - fn.nested }));
const over = measured.filter((m) => m.own > (CEILINGS[`${m.file} ${m.name}`] ?? max)).sort((a, b) => b.own - a.own);
for (const m of list ? measured.sort((a, b) => b.own - a.own).slice(0, 25) : over)
  console.log(`${m.file}:${m.line} ${m.name}: ${m.own} lines of its own`);
if (over.length > 0) {
  console.error(
    `${over.length} functions in src/ have more than ${max} lines of their own: split them into named steps`,
  );
  process.exit(1);
}
