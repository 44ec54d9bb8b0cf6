// Shared pieces of the browser tests (every web/test/*.test.mjs but dashboard.test.mjs, which
// predates it and keeps its own copy): the command line, run the real jirga binary, start
// `jirga serve` on port 0, launch Debian's Chromium with playwright-core and collect console
// errors, and keep screenshots.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

/**
 * The browser tests' command line, `--jirga PATH [--chromium PATH] [--artifacts DIR]` →
 * {jirga (absolute), chromium (default /usr/bin/chromium), artifacts (or undefined)}. Throws the
 * usage, naming `script`, when --jirga is missing or an option is unknown.
 */
export function testArgs(script) {
  const usage = `usage: ${script} --jirga PATH [--chromium PATH] [--artifacts DIR]`;
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        jirga: { type: 'string' },
        chromium: { type: 'string', default: '/usr/bin/chromium' },
        artifacts: { type: 'string' },
      },
    }));
  } catch (e) {
    throw new Error(`${e.message}\n${usage}`);
  }
  if (!values.jirga) throw new Error(usage);
  return { jirga: path.resolve(values.jirga), chromium: values.chromium, artifacts: values.artifacts };
}

/** Saves a full-page screenshot of `page` as DIR/NAME.png when `dir` (--artifacts) is given. */
export async function saveScreenshot(page, dir, name) {
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** Runs `jirga argv…` to completion; throws with its stderr unless it exits 0. Returns stdout. */
export function runJirga(binary, argv, input) {
  const r = spawnSync(binary, argv, { input, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`jirga ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout.trim();
}

/** Starts `jirga serve --store STORE --listen 127.0.0.1:0 …extra`; resolves to {proc, url, stop()}. */
export function startServer(binary, store, extra = []) {
  return new Promise((resolve, reject) => {
    const proc = spawn(binary, ['serve', '--store', store, '--listen', '127.0.0.1:0', ...extra],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const s = {
      proc, url: null, stderr: '',
      stop: () => new Promise((done) => {
        if (proc.exitCode !== null) return done();
        proc.on('exit', done);
        proc.kill('SIGTERM');
      }),
    };
    proc.stderr.on('data', (d) => { s.stderr += d; });
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^listening on (http:\/\/\S+)\n/m);
      if (m && !s.url) {
        s.url = m[1];
        resolve(s);
      }
    });
    proc.on('exit', (code) => {
      if (!s.url) reject(new Error(`jirga serve exited ${code} before listening: ${s.stderr}`));
    });
    setTimeout(() => reject(new Error('jirga serve did not start within 10 s')), 10_000).unref();
  });
}

/**
 * Launches headless Chromium (never downloaded: the Debian package) with a fresh profile under
 * `profileDir`. Returns {context, page, errors}: `errors` collects console errors and page errors
 * (a CSP violation shows up there).
 */
export async function launchBrowser(chromiumPath, profileDir, timeout) {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: run scripts/install-deps.sh (Debian package chromium)`);
  }
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    throw new Error(`playwright-core is missing (${e.message}): run scripts/install-deps.sh ` +
      '(it runs npm ci in web/)');
  }
  const context = await chromium.launchPersistentContext(path.join(profileDir, 'chromium-profile'), {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(timeout);
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  return { context, page, errors };
}
