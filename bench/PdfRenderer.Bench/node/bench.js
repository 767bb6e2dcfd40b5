// puppeteer-core's best mode against the same /usr/bin/chromium: one browser, a pool of reused pages,
// page.setContent + page.pdf (its defaults: tagged PDF, waits for fonts). Driven by PdfRenderer.Bench over
// stdin/stdout so that its rounds interleave with ours on a noisy host (the same-run ratio is what counts).
// Usage: node bench.js <chromium> <concurrency> [extra Chromium switches]; then one JSON command per line:
//   {"op":"warm","file":F}  {"op":"latency","file":F,"n":N} -> {"times":[ms…]}
//   {"op":"throughput","file":F,"n":N} -> {"seconds":s,"times":[ms…]}
//   {"op":"quit"}
const puppeteer = require('puppeteer-core');
const fs = require('fs');
const readline = require('readline');

const [chromium, concArg, extraArgs = ''] = process.argv.slice(2);
const concurrency = +concArg;
// Shared memory in /dev/shm unless it is small (the renderer's rule): with --disable-dev-shm-usage every print's shared
// memory is a file in /tmp, a disk on the bench host.
const shm = (() => { try { const s = fs.statfsSync('/dev/shm'); return s.bavail * s.bsize; } catch { return 0; } })();

(async () => {
  const browser = await puppeteer.launch({
    executablePath: chromium, headless: true,
    args: ['--no-sandbox', '--disable-gpu', ...(shm >= 2 ** 30 ? [] : ['--disable-dev-shm-usage']), '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions',
           ...extraArgs.split(' ').filter(Boolean)],
  });
  const pages = await Promise.all(Array.from({ length: concurrency }, () => browser.newPage()));
  const print = async (page, html) => {
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    if (pdf.length < 800) throw new Error('short pdf');
  };
  const files = new Map();
  const read = (f) => { if (!files.has(f)) files.set(f, fs.readFileSync(f, 'utf8')); return files.get(f); };
  const ops = {
    warm: async ({ file }) => { for (let i = 0; i < concurrency * 3; i++) await print(pages[i % concurrency], read(file)); return {}; },
    latency: async ({ file, n }) => {
      const html = read(file), times = [];
      for (let i = 0; i < n; i++) { const t = process.hrtime.bigint(); await print(pages[0], html); times.push(Number(process.hrtime.bigint() - t) / 1e6); }
      return { times };
    },
    throughput: async ({ file, n }) => {
      const html = read(file), times = [];
      let next = 0;
      const started = process.hrtime.bigint();
      await Promise.all(pages.map(async (page) => {
        while (next++ < n) { const t = process.hrtime.bigint(); await print(page, html); times.push(Number(process.hrtime.bigint() - t) / 1e6); }
      }));
      return { seconds: Number(process.hrtime.bigint() - started) / 1e9, times };
    },
  };
  console.log(JSON.stringify({ ready: true, pid: process.pid }));
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const cmd = JSON.parse(line);
    if (cmd.op === 'quit') break;
    if (!ops[cmd.op]) { console.log(JSON.stringify({ unsupported: cmd.op })); continue; }
    console.log(JSON.stringify(await ops[cmd.op](cmd)));
  }
  await browser.close();
  process.exit(0); // stdin stays open (the bench holds it), which would keep node alive
})().catch((e) => { console.error(e); process.exit(1); });
