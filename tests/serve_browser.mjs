// serve_browser.mjs — planbook serve in a real browser: Debian's chromium, headless, driven
// by puppeteer-core. Run by tests/e2e/serve_browser.sh, which starts the server:
//   node serve_browser.mjs BASE LINK PASSWORD INPUT_DIR OUT_DIR SHOTS_DIR FIRST LAST
// LINK is the unit "it"'s /u/TOKEN; FIRST-LAST its pages in the book (planbook list).
// Prints "ok   …" or "FAIL …" lines as the other tests do, and a screenshot of every page
// to SHOTS_DIR/NN-name.png.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(path.resolve('build/node/node_modules/'));
const puppeteer = require('puppeteer-core');
const [base, link, password, input, out, shots, first, last] = process.argv.slice(2);
const PY = '/usr/bin/python3';

let failures = 0;
const pass = (m) => console.log(`ok   browser: ${m}`);
const fail = (m, why) => { failures++; console.log(`FAIL browser: ${m}`); if (why) console.log(`       ${why}`); };
const check = (cond, m, why) => (cond ? pass(m) : fail(m, why));
const sha = (f) => (fs.existsSync(f) ? crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex') : 'missing');
const planOf = () => /plan: (general\/it\.\w+)/.exec(fs.readFileSync(path.join(input, 'book.yaml'), 'utf8'))[1];
let shot = 0;
async function screenshot(page, name) {
  shot++;
  const file = path.join(shots, `${String(shot).padStart(2, '0')}-${name}.png`);
  // the whole page by resizing the viewport: Chromium's capture beyond the viewport shifts
  // a right-to-left page shorter than the window sideways
  await page.screenshot({ path: file, fullPage: true, captureBeyondViewport: false });
  return file;
}
const text = (page) => page.evaluate(() => document.body.innerText);
// A file that the browser downloaded into dir (its name ends so), once complete.
async function downloaded(dir, ending, before) {
  for (let i = 0; i < 200; i++) {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(ending) && !before.includes(f));
    if (files.length && !fs.readdirSync(dir).some((f) => f.endsWith('.crdownload'))) return path.join(dir, files[0]);
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}
async function submit(page, selector) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--lang=he', '--font-render-hinting=none'],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const cdp = await page.createCDPSession();
  const downloads = path.join(out, 'downloads');
  fs.mkdirSync(downloads, { recursive: true });
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });

  // 1. sign in, see the dashboard; the keyboard reaches the skip link first
  await page.goto(`${base}/signin`, { waitUntil: 'load' });
  const html = await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);
  check(html[0] === 'he' && html[1] === 'rtl', 'the pages are lang="he" dir="rtl"', html.join(' '));
  await page.keyboard.press('Tab');
  const focus = await page.evaluate(() => {
    const e = document.activeElement;
    const s = getComputedStyle(e);
    return { cls: e.className, text: e.textContent, outline: s.outlineStyle, width: s.outlineWidth, top: e.getBoundingClientRect().top };
  });
  check(focus.cls === 'skip' && focus.text.includes('דילוג') && focus.outline !== 'none' && focus.top >= 0,
    'the first Tab goes to the skip link, shown with a visible focus outline', JSON.stringify(focus));
  await screenshot(page, 'signin-skip-link');
  await page.keyboard.press('Tab');
  const second = await page.evaluate(() => document.activeElement.id);
  check(second === 'password', 'the next Tab reaches the password field (labelled)', second);
  const labelled = await page.evaluate(() => [...document.querySelectorAll('input:not([type=hidden])')].every((i) => i.labels && i.labels.length));
  check(labelled, 'every input of the sign-in page has its label');
  await page.type('#password', password);
  await submit(page, 'button[type=submit]');
  const dash = await text(page);
  check(page.url().endsWith('/admin') && dash.includes('לוח הבקרה') && dash.includes('אגף מערכות מידע') && dash.includes('היחידות'),
    'signs in and sees the dashboard with every unit', page.url());
  await screenshot(page, 'dashboard');

  // 2. the unit's page by its link; its template downloaded
  await page.goto(`${base}${link}`, { waitUntil: 'load' });
  const unitText = await text(page);
  check(unitText.includes('אגף מערכות מידע') && unitText.includes('העלאת התוכנית'), 'the unit\'s link opens its page');
  await screenshot(page, 'unit');
  const before = fs.readdirSync(downloads);
  await page.click('#template-link');
  const template = await downloaded(downloads, '.xlsx', before);
  let header = '';
  try {
    header = template && execFileSync(PY, ['-c', `
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1])['תוכנית']
print(ws['G1'].value, ws['H1'].value, ws.max_row, ws['I3'].value)`, template]).toString().trim();
  } catch (e) { header = String(e); }
  check(header.startsWith('מטרה סוג מדד') && header.includes('איפיון דרישות מחלקות'),
    'downloads the unit\'s template: an xlsx whose header and rows are the plan\'s (openpyxl)', header);

  // 3. a broken workbook: an unknown metric type in H12
  const bad = path.join(out, 'broken.xlsx'), good = path.join(out, 'good.xlsx');
  execFileSync(PY, ['-c', `
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1]); wb['תוכנית']['H12'] = 'מדד שאינו קיים'; wb.save(sys.argv[2])
wb = openpyxl.load_workbook(sys.argv[1]); wb['תוכנית']['I3'] = 'איפיון דרישות המחלקות – עודכן בדפדפן'; wb.save(sys.argv[3])`,
  template, bad, good]);
  const planFile = path.join(input, planOf());
  const original = sha(planFile), originalYaml = sha(path.join(input, 'book.yaml'));
  await (await page.$('#plan')).uploadFile(bad);
  await submit(page, 'form[enctype="multipart/form-data"] button[type=submit]');
  const rejected = await text(page);
  const cellLine = (await page.$$eval('ul.messages li', (items) => items.map((li) => li.innerText.replace(/\n/g, ' '))))
    .find((l) => l.includes('H12')) || '';
  check(await page.$('#rejected') && /תוכנית!H12/.test(cellLine) && cellLine.includes('שגיאה') && cellLine.includes('סוג המדד'),
    'a broken workbook: the Hebrew error names the cell (תוכנית!H12)', cellLine || rejected.slice(0, 300));
  check(sha(planFile) === original && sha(path.join(input, 'book.yaml')) === originalYaml,
    'a broken workbook leaves the plan and book.yaml byte for byte as they were');
  await screenshot(page, 'upload-rejected');

  // 4. a good one: accepted; the plan changes; the history shows both versions
  await (await page.$('#plan')).uploadFile(good);
  await submit(page, 'form[enctype="multipart/form-data"] button[type=submit]');
  const accepted = await page.$eval('#accepted', (e) => e.dataset.version).catch(() => null);
  const newPlan = path.join(input, planOf());
  const versions = await page.$$eval('tr.version', (rows) => rows.map((r) => r.dataset.version));
  const historyText = await page.$eval('table.history', (t) => t.innerText).catch(() => '');
  check(accepted === '2' && newPlan.endsWith('it.xlsx') && sha(newPlan) === sha(good) && !fs.existsSync(planFile),
    'a good workbook is accepted: book.yaml now names general/it.xlsx, which holds the upload', `${accepted} ${newPlan}`);
  check(versions.join(',') === '2,1' && historyText.includes('העלאה בקישור היחידה') && historyText.includes('הקובץ שהיה בשרת'),
    'the history shows both versions: the upload and the plan that was there', versions.join(','));
  await screenshot(page, 'upload-accepted');

  // 5. the old version restored
  await submit(page, 'tr.version[data-version="1"] form button');
  const restored = await page.$eval('#restored', (e) => e.dataset.version).catch(() => null);
  check(restored === '3' && sha(planFile) === original && sha(path.join(input, 'book.yaml')) === originalYaml,
    'restoring version 1: the plan and book.yaml are byte for byte the originals again (as version 3)', restored);
  await screenshot(page, 'restored');

  // 6. the section's PDF, with the book's page numbers
  await submit(page, 'form[action$="/build"] input[value="section"] ~ button');
  const waiting = await text(page);
  await screenshot(page, 'building');
  let ready = false;
  for (let i = 0; i < 120 && !ready; i++) {
    ready = (await page.$('#download').catch(() => null)) !== null;
    if (!ready) await new Promise((r) => setTimeout(r, 500));
  }
  check(ready && /בונה|בבנייה|ממתין|הסתיים/.test(waiting), 'the build page shows it is waiting, refreshes itself, then offers the file');
  await screenshot(page, 'built');
  const beforePdf = fs.readdirSync(downloads);
  await page.click('#download');
  const pdf = await downloaded(downloads, '.pdf', beforePdf);
  let qpdf = false, folios = [];
  try {
    execFileSync('qpdf', ['--check', pdf]);
    qpdf = true;
    const txt = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
    folios = txt.split('\n').map((l) => l.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069\s]/g, '')).filter((l) => /^\d+$/.test(l)).map(Number);
  } catch (e) { /* reported below */ }
  const want = [];
  for (let n = Number(first); n <= Number(last); n++) want.push(n);
  check(qpdf && want.every((n) => folios.includes(n)) && folios.every((n) => n >= Number(first) && n <= Number(last)),
    `downloads the section's PDF: qpdf --check passes, its page numbers are the book's (${first}-${last})`, `${pdf} ${folios}`);

  // a made-up link: the page says what to do, in Hebrew
  const resp = await page.goto(`${base}/u/0123456789abcdef0123456789abcdef`, { waitUntil: 'load' });
  check(resp.status() === 403 && (await text(page)).includes('קישור תקף'), 'a made-up link gets 403 and a Hebrew explanation');
  await screenshot(page, 'forbidden');
} catch (e) {
  fail('the browser run ended early', e.stack);
} finally {
  await browser.close();
}
process.exit(failures ? 1 : 0);
