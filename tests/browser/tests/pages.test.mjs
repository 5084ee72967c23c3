// Every content page as a phone user on a slow connection gets it: its weight (HTML + CSS,
// gzip-compressed, under 50 KB), no JavaScript, no web fonts, no request to anyone but the
// site, and nothing wider than a 320px screen. Screenshots at 320, 375 and 1280px of the home
// pages, the longest guidance pages and the form pages; a guidance page printed to PDF. The
// design: GOV.UK Frontend's compiled CSS is what scripts/build-css makes of scss/; every page
// has the footer with the contact details as links; a compact header at 375px; the service
// navigation on one row and the reading column at 1280px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { site, connect, allPages, baseURL, publicDir, repoDir, pool, withPages, langOf, isRedirect, longestGuidance, artefact, FORM_PAGES, serving, noProblems, width, LANGS } from '../lib/common.mjs';
import { contactProblems, lineLengthProblems } from '../lib/design.mjs';

const LIMIT = 50_000; // bytes, HTML + CSS after gzip
const gz = (buf) => zlib.gzipSync(buf, { level: 6 }).length; // a web server's usual level

let browser, phone, mid, desktop;
before(async () => {
  browser = await connect();
  // The site works without JavaScript; these contexts prove it by having none.
  phone = await browser.newContext({ viewport: { width: 320, height: 640 }, javaScriptEnabled: false });
  mid = await browser.newContext({ viewport: { width: 375, height: 800 }, javaScriptEnabled: false });
  desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
});
after(async () => { await phone?.close(); await mid?.close(); await desktop?.close(); await browser?.close(); });

// A site under sites/ shares the top-level static/ (static = "../../static"), checked in the
// top-level site's run; compiling the Sass again would only add time.
const sharedCss = process.env.PORTH_SITE && process.env.PORTH_SITE !== 'default';
// (Not defined at all for such a site, so no run reports a skipped test.)
if (!sharedCss) test('static/css/site.css is what scripts/build-css compiles from scss/ and the pinned govuk-frontend', () => {
  // Compiles into a temporary file and compares; installs tools/css/node_modules if missing.
  const out = execFileSync('bash', [path.join(repoDir, 'scripts', 'build-css'), '--check'], { cwd: repoDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  console.log(out.trim());
  const css = fs.readFileSync(path.join(repoDir, 'static', 'css', 'site.css'), 'utf8');
  assert.match(css, /\.govuk-radios__label::?before/, 'the CSS is GOV.UK Frontend\'s');
  assert.doesNotMatch(css, /GDS Transport|@font-face/, 'no GDS Transport, no web fonts');
});

const origin = new URL(baseURL).origin;

test('no JavaScript files and no web fonts in public/', () => {
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  const files = walk(publicDir).map((f) => path.relative(publicDir, f));
  assert.deepEqual(files.filter((f) => /\.(m?js)$/.test(f)), [], 'no .js files');
  assert.deepEqual(files.filter((f) => /\.(woff2?|ttf|otf|eot)$/i.test(f)), [], 'no font files');
  for (const f of files.filter((f) => f.endsWith('.css'))) {
    assert.doesNotMatch(fs.readFileSync(path.join(publicDir, f), 'utf8'), /@font-face|@import/i, `${f}: no @font-face or @import`);
  }
  for (const f of files.filter((f) => f.endsWith('.html'))) {
    const html = fs.readFileSync(path.join(publicDir, f), 'utf8');
    assert.doesNotMatch(html, /<script\b|\son[a-z]+=/i, `${f}: no <script> and no inline event handlers`);
  }
});

test('every page: HTML + CSS under 50 KB gzipped, only same-site requests, no scripts or fonts, no sideways scrolling at 320px', async () => {
  const pages = allPages();
  const noCache = new WeakSet();
  const results = await withPages(phone, pages, 3, async (page, p) => {
    if (!noCache.has(page)) { // every load asks the server again, as a first visit does
      const cdp = await phone.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      noCache.add(page);
    }
    if (isRedirect(p.file)) {
      // A meta refresh leaves the page before its body can be read in the browser: weigh
      // the page as served, which loads nothing else.
      const res = await fetch(baseURL + p.url);
      const html = Buffer.from(await res.arrayBuffer());
      return { url: p.url, lang: langOf(p.file), redirect: true, status: res.status, scrollWidth: 0, sideways: false, html: { bytes: html.length, gzip: gz(html) }, css: [], total_gzip: gz(html), requests: [] };
    }
    const requests = [];
    const record = (req) => requests.push(req);
    page.on('requestfinished', record);
    page.on('requestfailed', record);
    try {
      const res = await page.goto(baseURL + p.url, { waitUntil: 'load' });
      const html = await res.body();
      const { scrollWidth, sideways } = await width(page);
      const resources = [];
      for (const req of requests) {
        if (req.url() === res.url() && req.resourceType() === 'document') continue;
        const r = await req.response();
        const body = r ? await r.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
        resources.push({ url: req.url(), type: req.resourceType(), status: r ? r.status() : 0, bytes: body.length, gzip: gz(body) });
      }
      const css = resources.filter((r) => r.type === 'stylesheet');
      return {
        url: p.url, lang: langOf(p.file), redirect: isRedirect(p.file), status: res.status(), scrollWidth, sideways,
        html: { bytes: html.length, gzip: gz(html) },
        css: css.map(({ url, bytes, gzip }) => ({ url: new URL(url).pathname, bytes, gzip })),
        total_gzip: gz(html) + resources.reduce((n, r) => n + r.gzip, 0),
        requests: resources.map(({ url, type, status }) => ({ url, type, status })),
      };
    } finally { page.off('requestfinished', record); page.off('requestfailed', record); }
  });

  const totals = results.map((r) => r.total_gzip).sort((a, b) => a - b);
  const summary = {
    pages: results.length, limit_bytes: LIMIT, gzip_level: 6,
    total_gzip: { min: totals[0], median: totals[Math.floor(totals.length / 2)], max: totals[totals.length - 1] },
    heaviest: results.reduce((a, b) => (b.total_gzip > a.total_gzip ? b : a)).url,
    css: Object.fromEntries(results.flatMap((r) => r.css).map((c) => [c.url, { bytes: c.bytes, gzip: c.gzip }])),
  };
  fs.writeFileSync(artefact('weight.json'), JSON.stringify({ summary, pages: results }, null, 2) + '\n');
  const kb = (n) => (n / 1024).toFixed(1) + ' KB';
  console.log(`weight: ${results.length} pages, HTML+CSS gzipped min ${kb(summary.total_gzip.min)}, median ${kb(summary.total_gzip.median)}, max ${kb(summary.total_gzip.max)} (${summary.heaviest}); limit ${kb(LIMIT)}; CSS ${Object.entries(summary.css).map(([u, c]) => `${u} ${kb(c.gzip)}`).join(', ')}`);

  const problems = [];
  for (const r of results) {
    if (r.status !== 200) problems.push(`${r.url}: HTTP ${r.status}`);
    if (!r.redirect && r.css.length === 0) problems.push(`${r.url}: no stylesheet request recorded`);
    if (r.total_gzip >= LIMIT) problems.push(`${r.url}: ${r.total_gzip} bytes gzipped (limit ${LIMIT})`);
    if (r.scrollWidth > 320 || r.sideways) problems.push(`${r.url}: ${r.scrollWidth}px wide at a 320px viewport (scrolls sideways)`);
    for (const q of r.requests) {
      if (!q.url.startsWith('data:') && new URL(q.url).origin !== origin) problems.push(`${r.url}: third-party request ${q.url}`);
      if (q.type === 'script') problems.push(`${r.url}: loads a script ${q.url}`);
      if (q.type === 'font') problems.push(`${r.url}: loads a web font ${q.url}`);
      if (q.status >= 400 || q.status === 0) problems.push(`${r.url}: ${q.url} failed (${q.status})`);
    }
  }
  noProblems(assert, problems, 'problems');
});

function screenshotTargets() {
  const t = [];
  for (const lang of LANGS) {
    t.push({ name: `home-${lang}`, url: `/${lang}/` });
    const g = longestGuidance(lang);
    if (g) t.push({ name: `guidance-${lang}`, url: g.url });
  }
  if (serving) for (const f of FORM_PAGES) t.push({ name: `form-${f.form}-${f.lang}`, url: f.url });
  return t;
}

test('screenshots at 320, 375 and 1280px: home pages, longest guidance pages, form pages', async () => {
  const targets = screenshotTargets();
  const problems = [];
  await pool(targets.flatMap((t) => [[t, phone, 320], [t, mid, 375], [t, desktop, 1280]]), 3, async ([t, ctx, w]) => {
    const page = await ctx.newPage();
    try {
      const res = await page.goto(baseURL + t.url);
      if (res.status() !== 200) problems.push(`${t.url}: HTTP ${res.status()}`);
      const file = artefact('screenshots', `${t.name}-${w}.png`);
      await page.screenshot({ path: file, fullPage: true });
      const sw = await width(page);
      if (sw.scrollWidth > w || sw.sideways) problems.push(`${t.url}: ${sw.scrollWidth}px wide at ${w}px`);
    } finally { await page.close(); }
  });
  console.log(`screenshots: ${targets.length * 3} in tests/browser/artefacts/screenshots/ (${targets.map((t) => t.url).join(', ')})`);
  assert.deepEqual(problems, []);
});

test('print: a guidance page prints without navigation and with link targets shown', async () => {
  const g = longestGuidance('en');
  assert.ok(g, 'there is a guidance page');
  const page = await desktop.newPage();
  try {
    await page.goto(baseURL + g.url);
    // A media="print" stylesheet does not block the load event, so on a busy machine it can
    // still be on its way when goto returns: wait for its rules before reading styles (a
    // browser printing does the same). Its rules are then checked below, not assumed.
    await page.waitForFunction(() => [...document.styleSheets].some((s) => (s.href || '').endsWith('/css/print.css') && s.cssRules.length > 0), null, { timeout: 10000 });
    // Print media, emulated on the page as shown (set before loading, it did not survive the
    // navigation). Over CDP, Chromium sometimes does not apply it (matchMedia('print') stays
    // false), or applies it for one read and answers the next from the screen's rules (about
    // one run in three here, on the England site, under load). So the styles are read in the
    // same script as matchMedia, and print is asked for again, from screen, until one read
    // finds print media on and the parts print hides hidden; five tries at most. A print
    // stylesheet that does not hide them fails below, with what it showed.
    const hiddenParts = ['.govuk-service-navigation', '.lang-toggle', '.govuk-footer'];
    const read = () => {
      const out = {};
      for (const sel of ['.govuk-service-navigation', '.lang-toggle', '.govuk-footer', '.govuk-skip-link', '.govuk-breadcrumbs']) {
        const el = document.querySelector(sel);
        out[sel] = el ? getComputedStyle(el).display : 'absent';
      }
      const links = [...document.querySelectorAll('.prose a[href]')];
      const withTarget = links.filter((a) => getComputedStyle(a, '::after').content.includes(a.getAttribute('href')));
      const external = links.filter((a) => /^https?:/.test(a.getAttribute('href')));
      const internal = links.filter((a) => a.getAttribute('href').startsWith('/'));
      return { display: out, print: window.matchMedia('print').matches, links: links.length, withTarget: withTarget.length,
        externalShown: external.every((a) => withTarget.includes(a)), internalShown: internal.every((a) => withTarget.includes(a)), sample: withTarget[0] ? getComputedStyle(withTarget[0], '::after').content : '' };
    };
    let shown;
    for (let attempt = 0; attempt < 5; attempt++) {
      if (attempt > 0) await page.emulateMedia({ media: 'screen' });
      await page.emulateMedia({ media: 'print' });
      await page.waitForFunction(() => window.matchMedia('print').matches, null, { timeout: 3000 }).catch(() => {});
      shown = await page.evaluate(read);
      if (shown.print && hiddenParts.every((sel) => ['none', 'absent'].includes(shown.display[sel]))) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    for (const sel of hiddenParts) {
      assert.ok(['none', 'absent'].includes(shown.display[sel]), `${sel} is hidden in print (display: ${shown.display[sel]}; print media ${shown.print ? 'on' : 'off'})`);
    }
    assert.notEqual(shown.display['.govuk-service-navigation'], 'absent', 'the page has a .govuk-service-navigation to hide');
    assert.ok(shown.links > 0, `${g.url} has links in its text`);
    assert.ok(shown.withTarget > 0 && shown.externalShown && shown.internalShown, `every link in the text shows its target after it (${shown.withTarget} of ${shown.links}; e.g. ${shown.sample})`);
    const pdf = await page.pdf({ path: artefact('print', 'guidance-en.pdf'), format: 'A4', printBackground: false });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-', 'Chromium made a PDF');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.ok(pages >= 1, 'the PDF has pages');
    console.log(`print: ${g.url} → tests/browser/artefacts/print/guidance-en.pdf, ${pages} pages, ${(pdf.length / 1024).toFixed(0)} KB; ${shown.withTarget} link targets shown`);
  } finally { await page.close(); }
});

test('every page has the footer, with the e-mail address as a mailto: link and the phone number as a tel: link', async () => {
  const pages = allPages().filter((p) => !isRedirect(p.file));
  const problems = [];
  await withPages(desktop, pages, 3, async (page, p) => {
    await page.goto(baseURL + p.url);
    for (const q of await contactProblems(page, 'footer.govuk-footer')) problems.push(`${p.url}: ${q}`);
  });
  // A bilingual site's / is a language chooser with the footer; a one-language site's / sends
  // the reader straight to its home page.
  if (LANGS.length > 1) assert.ok(pages.some((p) => p.url === '/'), 'the language chooser at / is among the pages');
  console.log(`footer: ${pages.length} pages checked`);
  noProblems(assert, problems, 'pages without the footer or its contact links');
});

// Each section's pages name its own team in the footer ([contacts] in config.toml), and a
// phone number or e-mail address in a page's body is a tel:/mailto: link (longest prefix wins).
test('each section\'s footer names its team, and numbers and addresses in page bodies are links', async () => {
  const want = Object.entries(site.sectionContacts || {}).sort((a, b) => b[0].length - a[0].length);
  const pages = allPages().filter((p) => !isRedirect(p.file) && p.url !== '/' && !p.url.endsWith('404.html'));
  const problems = [];
  let checked = 0;
  await withPages(desktop, pages, 3, async (page, p) => {
    await page.goto(baseURL + p.url);
    const found = await page.evaluate(() => {
      const mail = document.querySelector('.govuk-footer__meta-custom a[href^="mailto:"]')?.getAttribute('href').slice(7);
      const main = document.querySelector('main');
      // Text outside links: UK numbers written the usual way (01632 960 100) and addresses.
      const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
      let bare = '';
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!n.parentElement.closest('a, input, textarea, script')) bare += ` ${n.textContent}`;
      return { mail, phones: bare.match(/\b0\d{3,4} ?\d{3} ?\d{3,4}\b/g) || [], emails: bare.match(/[\w.+-]+@[\w-]+\.[\w.-]+/g) || [] };
    });
    const rule = want.find(([prefix]) => p.url.startsWith(prefix));
    if (rule) { checked++; if (found.mail !== rule[1]) problems.push(`${p.url}: the footer names ${found.mail}, not ${rule[1]}`); }
    for (const n of found.phones) problems.push(`${p.url}: phone number ${n} is not a tel: link`);
    for (const e of found.emails) problems.push(`${p.url}: e-mail address ${e} is not a mailto: link`);
  });
  assert.ok(!want.length || checked > 0, 'some pages are in a listed section');
  console.log(`section contacts: ${checked} pages in listed sections, ${pages.length} pages' bodies read`);
  noProblems(assert, problems, 'section contacts and unlinked numbers');
});

// The statutory pages (footer = [...] in config.toml) are in the footer of every page in one
// language; the language chooser at / and the 404 pages have them in both.
const STATUTORY = /accessibility|hygyrchedd|privacy|preifatrwydd|cookies|cwcis/;
test('the footer links to the statutory pages on every page of the site', async () => {
  const pages = allPages().filter((p) => !isRedirect(p.file) && p.url !== '/' && !p.url.endsWith('404.html'));
  const problems = [];
  await withPages(desktop, pages, 3, async (page, p) => {
    await page.goto(baseURL + p.url);
    const hrefs = await page.$$eval('footer .govuk-footer__inline-list a', (as) => as.map((a) => a.getAttribute('href')));
    if (hrefs.filter((h) => STATUTORY.test(h)).length < 3) problems.push(`${p.url}: the footer links to ${hrefs.join(', ') || 'nothing'}`);
    // Statutory pages are in the footer only: not repeated in the page's own lists of links.
    const inMain = await page.$$eval('main .porth-links a', (as) => as.map((a) => a.getAttribute('href')));
    for (const h of inMain.filter((h) => hrefs.includes(h))) problems.push(`${p.url}: ${h} is in the footer and listed again in the page`);
  });
  noProblems(assert, problems, 'footers without the statutory links');
});
test('the footer of / and of the 404 pages links to the statutory pages in each of the site\'s languages', async () => {
  const page = await desktop.newPage();
  try {
    const urls = allPages().filter((p) => (p.url === '/' || p.url.endsWith('404.html')) && !isRedirect(p.file)).map((p) => p.url);
    assert.ok(urls.includes('/404.html') || urls.includes(`/${LANGS[0]}/404.html`), `the site has a 404 page (${urls})`);
    for (const url of urls) {
      await page.goto(baseURL + url);
      const hrefs = await page.$$eval('footer .govuk-footer__inline-list a', (as) => as.map((a) => a.getAttribute('href')));
      for (const lang of LANGS) {
        const inLang = hrefs.filter((h) => h.startsWith(`/${lang}/`) && STATUTORY.test(h));
        assert.ok(inLang.length >= 3, `${url}: footer links in ${lang}: ${hrefs.join(', ') || 'none'}`);
      }
    }
  } finally { await page.close(); }
});

test('the header is compact at 320 and 375px, with the language toggle in it on the first screen (none on a one-language site)', async () => {
  const problems = [];
  for (const [ctx, w] of [[phone, 320], [mid, 375]]) {
    for (const lang of LANGS) {
      for (const url of [`/${lang}/`, longestGuidance(lang)?.url].filter(Boolean)) {
        const page = await ctx.newPage();
        try {
          await page.goto(baseURL + url);
          const m = await page.evaluate(() => {
            const header = document.querySelector('header').getBoundingClientRect();
            const toggle = document.querySelector('.lang-toggle a, .lang-toggle__missing')?.getBoundingClientRect();
            const name = document.querySelector('.govuk-generic-header__homepage-link').getBoundingClientRect();
            return { header: header.bottom, toggle: toggle && { top: toggle.top, bottom: toggle.bottom }, name: name.bottom };
          });
          if (m.header > 200) problems.push(`${url} at ${w}px: the header takes ${Math.round(m.header)}px (at most 200 of the first 800)`);
          if (LANGS.length === 1) { if (m.toggle) problems.push(`${url} at ${w}px: a language toggle on a one-language site`); }
          else if (!m.toggle) problems.push(`${url} at ${w}px: no language toggle`);
          else if (m.toggle.bottom > m.header) problems.push(`${url} at ${w}px: the language toggle is below the header`);
          console.log(`header: ${url} at ${w}px is ${Math.round(m.header)}px tall`);
        } finally { await page.close(); }
      }
    }
  }
  noProblems(assert, problems, 'header problems');
});

test('the service navigation fits one row at 1280px (home and guidance pages)', async () => {
  const problems = [];
  for (const lang of LANGS) {
    for (const url of [`/${lang}/`, longestGuidance(lang)?.url].filter(Boolean)) {
      const page = await desktop.newPage();
      try {
        await page.goto(baseURL + url);
        const items = await page.$$eval('.govuk-service-navigation__item', (els) => els.map((e) => {
          const r = e.getBoundingClientRect();
          return { text: e.textContent.trim(), top: Math.round(r.top), bottom: Math.round(r.bottom) };
        }));
        if (items.length < 2) problems.push(`${url}: ${items.length} navigation items (expected the site's sections)`);
        const tops = [...new Set(items.map((i) => i.top))];
        if (tops.length > 1) problems.push(`${url}: the navigation wraps onto ${tops.length} rows at 1280px: ${items.map((i) => `${i.text}@${i.top}`).join(', ')}`);
        console.log(`navigation: ${url} at 1280px, ${items.length} items on ${tops.length} row(s)`);
      } finally { await page.close(); }
    }
  }
  noProblems(assert, problems, 'navigation problems');
});

test('the reading column is at most 75 characters a line at 1280px (home and guidance pages)', async () => {
  const problems = [];
  let widest = 0;
  for (const lang of LANGS) {
    for (const url of [`/${lang}/`, longestGuidance(lang)?.url].filter(Boolean)) {
      const page = await desktop.newPage();
      try {
        await page.goto(baseURL + url);
        const r = await lineLengthProblems(page, 75);
        widest = Math.max(widest, r.widest);
        for (const q of r.problems) problems.push(`${url}: ${q}`);
      } finally { await page.close(); }
    }
  }
  console.log(`reading column: the longest line is ${widest} characters at 1280px`);
  noProblems(assert, problems, 'lines longer than 75 characters');
});
