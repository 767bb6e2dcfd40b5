// puppeteer-core's best mode against the same /usr/bin/chromium: one browser, a pool of reused pages,
// page.setContent + page.pdf. Run by PdfRenderer.Bench with the same HTML files it prints itself.
// Usage: node bench.js <chromium> <one-page.html> <three-page.html> <sequential renders> <throughput renders> <concurrency>
const puppeteer = require('puppeteer-core');
const fs = require('fs');

const [chromium, onePath, threePath, seqArg, tputArg, concArg] = process.argv.slice(2);
const one = fs.readFileSync(onePath, 'utf8');
const three = fs.readFileSync(threePath, 'utf8');
const sequential = +seqArg, throughputRenders = +tputArg, concurrency = +concArg;
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]; };

(async () => {
  const browser = await puppeteer.launch({
    executablePath: chromium, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--disable-extensions'],
  });
  const pages = await Promise.all(Array.from({ length: concurrency }, () => browser.newPage()));
  const print = async (page, html) => {
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    if (pdf.length < 800) throw new Error('short pdf');
  };
  for (let i = 0; i < concurrency * 3; i++) await print(pages[i % concurrency], one); // warm-up

  const latency = async (html) => {
    const times = [];
    for (let i = 0; i < sequential; i++) { const t = process.hrtime.bigint(); await print(pages[0], html); times.push(Number(process.hrtime.bigint() - t) / 1e6); }
    return { p50: pct(times, 0.5), p95: pct(times, 0.95) };
  };
  const oneLatency = await latency(one);
  const threeLatency = await latency(three);

  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(pages.map(async (page) => { while (next++ < throughputRenders) await print(page, one); }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  await browser.close();
  console.log(JSON.stringify({ one: oneLatency, three: threeLatency, pdfsPerSecond: throughputRenders / seconds }));
})().catch((e) => { console.error(e); process.exit(1); });
