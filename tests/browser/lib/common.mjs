// What every test file shares: where the site is, the one browser the runner started, the
// list of generated pages, the site's languages and forms, axe, and small helpers. The
// runner (tests/browser/run) sets:
//   PORTH_BASE_URL  where the site is served (porth serve, or the static server below)
//   PORTH_CDP_URL   the DevTools endpoint of the one Chromium it started
//   PORTH_SERVE     "1" when the base URL is `porth serve` (so the forms exist)
//   PORTH_SITE_ROOT the site folder under test (the repository, or sites/england)
//   PORTH_SITE      its name for the suite's own data: `default` or the folder's name
//   PORTH_PUBLIC    the built site (public/)
//   PORTH_ARTEFACTS where screenshots, saved HTML and e-mails go
//   PORTH_MAILDIR   the maildir the SMTP server writes to (when PORTH_SERVE=1)
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const suiteDir = path.resolve(here, '..');
export const repoDir = path.resolve(suiteDir, '..', '..');
export const artefacts = process.env.PORTH_ARTEFACTS || path.join(suiteDir, 'artefacts');
export const baseURL = process.env.PORTH_BASE_URL;
export const siteRoot = process.env.PORTH_SITE_ROOT || repoDir;
export const publicDir = process.env.PORTH_PUBLIC || path.join(siteRoot, 'public');
export const serving = process.env.PORTH_SERVE === '1';

if (!baseURL || !process.env.PORTH_CDP_URL) {
  throw new Error('run the suite with `bash tests/browser/run`: it builds the site, starts Chromium and a server, and sets PORTH_BASE_URL and PORTH_CDP_URL');
}

export function artefact(...parts) {
  const p = path.join(artefacts, ...parts);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  return p;
}

/** Connects to the runner's Chromium (one browser for all test files). */
export async function connect() {
  return chromium.connectOverCDP(process.env.PORTH_CDP_URL);
}

/** Every generated HTML page as { file, url } (url path, e.g. /en/home-education/). */
export function allPages() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html')) {
        let rel = '/' + path.relative(publicDir, p).split(path.sep).join('/');
        if (rel.endsWith('/index.html')) rel = rel.slice(0, -'index.html'.length);
        out.push({ file: p, url: rel });
      }
    }
  };
  walk(publicDir);
  return out.sort((a, b) => a.url.localeCompare(b.url));
}

/** The document's language from its <html lang>. */
export function langOf(file) {
  const m = fs.readFileSync(file, 'utf8').match(/<html[^>]*\slang="([^"]+)"/);
  return m ? m[1] : '?';
}

/** A page that redirects (meta refresh) rather than showing content. */
export function isRedirect(file) {
  return /<meta[^>]+http-equiv="refresh"/i.test(fs.readFileSync(file, 'utf8'));
}

/** The longest guidance page in a language: the one with the most text in <main>. */
export function longestGuidance(lang) {
  let best = null;
  for (const p of allPages()) {
    if (!p.url.startsWith(`/${lang}/`) || p.url.split('/').length < 5) continue; // /lang/section/page/
    const html = fs.readFileSync(p.file, 'utf8');
    const main = html.split('<main')[1] || '';
    const text = main.replace(/<[^>]+>/g, '').length;
    if (!best || text > best.text) best = { ...p, text };
  }
  return best;
}

/** The site's languages, from `languages = [...]` in its config.toml. */
export const LANGS = (() => {
  const config = fs.readFileSync(path.join(siteRoot, 'config.toml'), 'utf8');
  const m = config.match(/^languages\s*=\s*\[([^\]]*)\]/m);
  if (!m) throw new Error(`no languages = [...] in ${siteRoot}/config.toml`);
  return [...m[1].matchAll(/"([a-z]+)"/g)].map((x) => x[1]);
})();

/**
 * Every form's start page in every language, from the site's forms/*.toml: the form's own
 * `slug = { en = "...", cy = "..." }` (the first slug in the file, before its pages), at
 * the address routes::form_url gives it.
 */
export const FORM_PAGES = (() => {
  const dir = path.join(siteRoot, 'forms');
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.toml')).sort()) {
    const form = file.replace(/\.toml$/, '');
    const m = fs.readFileSync(path.join(dir, file), 'utf8').match(/^slug\s*=\s*\{([^}]*)\}/m);
    if (!m) throw new Error(`forms/${file} has no slug`);
    for (const [, lang, slug] of m[1].matchAll(/(\w+)\s*=\s*"([^"]+)"/g)) {
      out.push({ form, lang, url: lang === 'cy' ? `/cy/ffurflenni/${slug}/` : `/${lang}/forms/${slug}/` });
    }
  }
  return out;
})();

/** What the suite knows of the site under test that the site cannot say itself (personas, queries). */
export const site = (await import(`../sites/${process.env.PORTH_SITE || 'default'}.mjs`)).default;

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe on what `page` shows (its context must have JavaScript enabled). Returns the
 * violations as short readable lines, [] when there are none.
 */
export async function axe(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`) }));
  }, AXE_TAGS);
  return result.flatMap((v) => v.nodes.slice(0, 5).map((n) => `[${v.id}, ${v.impact}] ${v.help} — ${n}`));
}

/**
 * Runs `fn(page, item)` over `items` with `n` pages of `context` at once, each page reused
 * for many items (a new page per item costs a renderer process each time).
 */
export async function withPages(context, items, n, fn) {
  const pages = await Promise.all(Array.from({ length: Math.min(n, items.length) }, () => context.newPage()));
  const free = [...pages];
  try {
    return await pool(items, pages.length, async (item, i) => {
      const page = free.pop();
      try { return await fn(page, item, i); } finally { free.push(page); }
    });
  } finally { await Promise.all(pages.map((p) => p.close())); }
}

/** Runs `fn` over `items` with at most `n` at once; collects results in order. */
export async function pool(items, n, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  }));
  return results;
}

/** Runs the Nu Html Checker once over `files`; returns its error messages. */
export async function vnu(files) {
  const { spawn } = await import('node:child_process');
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-Xss4m', '-jar', jar, '--errors-only', '--format', 'json', ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d)); // vnu writes its report to stderr
    child.on('error', reject);
    child.on('close', () => {
      const start = out.indexOf('{');
      try {
        const report = JSON.parse(out.slice(start));
        resolve(report.messages.filter((m) => m.type === 'error' || m.subType === 'fatal'));
      } catch (e) {
        reject(new Error(`vnu gave no JSON report: ${out.slice(0, 2000)}`));
      }
    });
  });
}

/** Fails with one readable line per problem (no giant diff) when there are any. */
export function noProblems(assert, problems, what) {
  if (problems.length) assert.fail(`${problems.length} ${what}:\n${problems.join('\n')}`);
}

/**
 * How wide the page is drawn: document.documentElement.scrollWidth, and whether that is more
 * than the viewport shows (so the page scrolls sideways).
 */
export async function width(page) {
  return page.evaluate(() => {
    const d = document.documentElement;
    return { scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, sideways: d.scrollWidth > d.clientWidth };
  });
}
