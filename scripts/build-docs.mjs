#!/usr/bin/env node
// `npm run docs`: a self-contained static site under dist/docs/ that works offline and from file://.
// - <profile>.html: the API reference of each profile, rendered by `redocly build-docs` from spec/. Redocly's page
//   loads Redoc from cdn.redocly.com; the build points that script at the same Redoc bundle copied from
//   node_modules/redoc (the version Redocly itself renders with) and fails if any external resource is left.
// - models.html, profiles.html, cases.html, getting-started.html, mock.html: Markdown rendered with marked.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { marked } from 'marked';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'dist/docs');
// The profiles, as the generated registry lists them.
const PROFILES = Object.keys(JSON.parse(readFileSync(join(ROOT, 'spec/registry.json'), 'utf8')).profiles);
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** The Markdown pages: output name, source, title; `optional` pages are skipped with a notice when missing. */
const PAGES = [
  { name: 'getting-started', source: 'docs/getting-started.md', title: 'Getting started' },
  { name: 'mock', source: 'docs/mock.md', title: 'The reference mock' },
  { name: 'models', source: 'spec/models.md', title: 'Models and prices' },
  { name: 'profiles', source: 'spec/profiles.md', title: 'Profile differences' },
  { name: 'cases', source: 'conformance/CASES.md', title: 'Conformance cases', optional: true },
];

const NAV = [
  ['index', 'Overview'],
  ['getting-started', 'Getting started'],
  ['mock', 'The mock'],
  ...PROFILES.map((profile) => [profile, `${profile} API`]),
  ['models', 'Models and prices'],
  ['profiles', 'Profile differences'],
  ['cases', 'Conformance cases'],
];

const STYLE = `
  :root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --accent: #0b5cad; }
  body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); }
  nav { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; padding: 0.75rem 1.5rem; border-bottom: 1px solid var(--line); background: #f6f8fa; }
  nav a { color: var(--accent); text-decoration: none; } nav a[aria-current] { font-weight: 600; color: var(--fg); }
  main { max-width: 72rem; padding: 1rem 1.5rem 3rem; margin: 0 auto; }
  table { border-collapse: collapse; display: block; overflow-x: auto; margin: 1rem 0; font-size: 0.9rem; }
  th, td { border: 1px solid var(--line); padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
  th { background: #f6f8fa; }
  code { font: 0.875em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #eff2f5; padding: 0.1em 0.3em; border-radius: 4px; }
  pre { background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem 1rem; overflow-x: auto; }
  pre code { background: none; padding: 0; }
  footer { color: var(--muted); font-size: 0.85rem; }
`;

const escapeHtml = (text) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function page(name, title, body, available) {
  const links = NAV.filter(([target]) => available.has(target))
    .map(([target, label]) => `<a href="${target}.html"${target === name ? ' aria-current="page"' : ''}>${label}</a>`)
    .join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} · wan-video-contract ${pkg.version}</title>
  <style>${STYLE}</style>
</head>
<body>
  <nav>
    ${links}
  </nav>
  <main>
${body}
  <footer>wan-video-contract ${pkg.version} · contract ${contractVersion()}</footer>
  </main>
</body>
</html>
`;
}

function contractVersion() {
  return JSON.parse(readFileSync(join(ROOT, 'spec/crazyrouter.openapi.json'), 'utf8')).info.version;
}

/** Renders Markdown; links to the Markdown sources become links to their pages. */
function renderMarkdown(source) {
  const text = readFileSync(join(ROOT, source), 'utf8').replace(/<!--[\s\S]*?-->\n?/g, '');
  const html = marked.parse(text, { gfm: true, async: false });
  return html.replace(
    /href="(?:\.{0,2}\/)*(?:spec\/|conformance\/|docs\/)?(models|profiles|CASES|getting-started|mock)\.md"/g,
    (_, n) => `href="${n === 'CASES' ? 'cases' : n}.html"`,
  );
}

const EXTERNAL = /<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)="(?:https?:)?\/\/[^"]*"/gi;

async function referencePage(profile, redocBundle) {
  const spec = join(ROOT, 'spec', `${profile}.openapi.json`);
  const output = join(OUT, `${profile}.html`);
  const redocly = join(ROOT, 'node_modules/.bin/redocly');
  await promisify(execFile)(
    redocly,
    [
      'build-docs',
      spec,
      '--output',
      output,
      '--disableGoogleFont',
      '--theme.openapi.hideDownloadButton=true',
      '--title',
      `wan-video-contract · ${profile} API`,
    ],
    {
      cwd: ROOT,
      // NODE_ENV must be production: a test runner's NODE_ENV=test makes the prerendered HTML differ from what the
      // production Redoc bundle hydrates (React errors 418/423 in the browser).
      env: {
        ...process.env,
        NODE_ENV: 'production',
        REDOCLY_TELEMETRY: 'off',
        REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
        NO_COLOR: '1',
      },
    },
  );
  const html = readFileSync(output, 'utf8');
  const cdn = /<script src="https:\/\/cdn\.redocly\.com\/redoc\/v([\d.]+)\/bundles\/redoc\.standalone\.js"><\/script>/;
  const match = cdn.exec(html);
  if (!match)
    throw new Error(
      `${profile}.html: Redocly no longer loads Redoc from its CDN as expected; update scripts/build-docs.mjs`,
    );
  if (match[1] !== redocBundle.version)
    throw new Error(
      `${profile}.html: Redocly renders with Redoc ${match[1]} but node_modules has redoc ${redocBundle.version}`,
    );
  const local = html.replace(cdn, '<script src="assets/redoc.standalone.js"></script>');
  const left = local.match(EXTERNAL);
  if (left) throw new Error(`${profile}.html still loads external resources: ${left.join(', ')}`);
  writeFileSync(output, local);
}

function copyRedocBundle() {
  const redocPkg = require.resolve('redoc/package.json', {
    paths: [dirname(require.resolve('@redocly/cli/package.json'))],
  });
  const version = JSON.parse(readFileSync(redocPkg, 'utf8')).version;
  const bundle = readFileSync(join(dirname(redocPkg), 'bundles/redoc.standalone.js'), 'utf8');
  mkdirSync(join(OUT, 'assets'), { recursive: true });
  // Redoc's "API docs by Redocly" badge loads its logo from cdn.redoc.ly after the page mounts; the offline site
  // shows a local mark instead. No source map ships with the site, so the comment pointing at one goes too.
  const logo = 'src:"https://cdn.redoc.ly/redoc/logo-mini.svg"';
  if (!bundle.includes(logo))
    throw new Error(`redoc ${version}: the badge logo URL moved; update scripts/build-docs.mjs`);
  const localLogo = `src:"data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#8c959f"/></svg>')}"`;
  const offline = bundle.replaceAll(logo, localLogo).replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  const remote = offline.match(/\bsrc:"https?:\/\/[^"]+"/g);
  if (remote) throw new Error(`redoc ${version}: the bundle still loads ${remote.join(', ')}`);
  writeFileSync(join(OUT, 'assets/redoc.standalone.js'), offline);
  const license = join(dirname(redocPkg), 'bundles/redoc.standalone.js.LICENSE.txt');
  if (existsSync(license)) copyFileSync(license, join(OUT, 'assets/redoc.standalone.js.LICENSE.txt'));
  return { version };
}

async function main() {
  const started = Date.now();
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const redocBundle = copyRedocBundle();
  const references = Promise.all(PROFILES.map((profile) => referencePage(profile, redocBundle)));

  const pages = PAGES.filter((p) => {
    if (existsSync(join(ROOT, p.source))) return true;
    if (!p.optional) throw new Error(`${p.source} is missing`);
    console.warn(`docs: ${p.source} is missing; ${p.name}.html is not built`);
    return false;
  });
  const available = new Set(['index', ...PROFILES, ...pages.map((p) => p.name)]);
  for (const p of pages)
    writeFileSync(join(OUT, `${p.name}.html`), page(p.name, p.title, renderMarkdown(p.source), available));

  const list = NAV.filter(([name]) => available.has(name) && name !== 'index')
    .map(([name, label]) => `<li><a href="${name}.html">${label}</a></li>`)
    .join('\n');
  // Redoc's download button breaks hydration (Redocly/redoc#2693, React errors 418/423), so it is hidden and the
  // documents are offered from the overview instead.
  const downloads = [];
  for (const profile of PROFILES) {
    for (const ext of ['json', 'yaml']) {
      copyFileSync(join(ROOT, 'spec', `${profile}.openapi.${ext}`), join(OUT, `${profile}.openapi.${ext}`));
      downloads.push(`<a href="${profile}.openapi.${ext}" download>${profile}.openapi.${ext}</a>`);
    }
  }
  copyFileSync(join(ROOT, 'spec/registry.json'), join(OUT, 'registry.json'));
  downloads.push('<a href="registry.json" download>registry.json</a>');
  const index = `<h1>wan-video-contract ${pkg.version}</h1>
<p>${escapeHtml(pkg.description)}</p>
<p>Contract version ${contractVersion()}. Everything here is generated from the package's <code>spec/</code> documents and works offline.</p>
<ul>
${list}
</ul>
<p>The documents: ${downloads.join(' · ')}.</p>`;
  writeFileSync(join(OUT, 'index.html'), page('index', 'Overview', index, available));
  await references;
  console.log(
    `docs: wrote ${available.size} pages to ${relative(ROOT, OUT)}/ in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

main().catch((error) => {
  console.error(`docs: ${error.message}`);
  process.exitCode = 1;
});
