// Debian's headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe:
// messages are JSON, each ended by a NUL byte, written to fd 3 and read from fd 4), so a test can
// open a page, record every network request, console message, exception and log entry, measure
// elements and take screenshots — without a driver package. Nothing leaves the machine: host names
// resolve to nothing and every proxied request goes to a closed port.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const CHROMIUM = '/usr/bin/chromium';

type Json = Record<string, any>;

/** What a page did while it loaded. */
export interface PageRecord {
  /** Every URL the page requested (the document itself included). */
  readonly requests: string[];
  /** Console messages of type error or warning, exceptions and error log entries (CSP violations among them). */
  readonly errors: string[];
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One headless Chromium with one page. */
export class Chromium {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: Json) => void; reject: (e: Error) => void }>();
  private readonly listeners: ((method: string, params: Json) => void)[] = [];
  private buffer = '';
  private sessionId = '';

  private constructor(
    private readonly proc: ChildProcess,
    private readonly profile: string,
  ) {
    const out = proc.stdio[4] as Readable;
    out.setEncoding('utf8');
    out.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\0')) >= 0) {
        const message = JSON.parse(this.buffer.slice(0, end)) as Json;
        this.buffer = this.buffer.slice(end + 1);
        if (typeof message.id === 'number') {
          const waiter = this.pending.get(message.id);
          this.pending.delete(message.id);
          if (message.error) waiter?.reject(new Error(`${JSON.stringify(message.error)}`));
          else waiter?.resolve(message.result as Json);
        } else for (const l of this.listeners) l(message.method as string, (message.params ?? {}) as Json);
      }
    });
  }

  /** Starts Chromium and opens a blank page of `width` × `height` CSS pixels at scale 1. */
  static async launch(width = 1280, height = 1000): Promise<Chromium> {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    const profile = mkdtempSync(join(tmpdir(), 'aipc-chromium-'));
    const proc = spawn(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox', // tests run as root, where Chromium's sandbox refuses to start
        '--disable-gpu',
        '--remote-debugging-pipe',
        `--user-data-dir=${profile}`,
        '--no-first-run',
        '--no-default-browser-check',
        '--disable-extensions',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--host-resolver-rules=MAP * ~NOTFOUND',
        '--proxy-server=127.0.0.1:9',
        '--hide-scrollbars',
        `--window-size=${width},${height}`,
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
    );
    const browser = new Chromium(proc, profile);
    const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank' }, false);
    const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true }, false);
    browser.sessionId = sessionId as string;
    for (const domain of ['Page', 'Runtime', 'Log', 'Network']) await browser.send(`${domain}.enable`);
    await browser.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
    return browser;
  }

  /** Sends one command (to the page unless `toPage` is false) and resolves to its result. */
  send(method: string, params: Json = {}, toPage = true): Promise<Json> {
    const id = this.nextId++;
    const message = { id, method, params, ...(toPage ? { sessionId: this.sessionId } : {}) };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      (this.proc.stdio[3] as Writable).write(`${JSON.stringify(message)}\0`);
    });
  }

  /** Loads `url`, recording what the page does until its load event and a moment after. */
  async open(url: string): Promise<PageRecord> {
    const record = { requests: [] as string[], errors: [] as string[] };
    let loaded!: () => void;
    const load = new Promise<void>((resolve) => (loaded = resolve));
    this.listeners.push((method, p) => {
      if (method === 'Network.requestWillBeSent') record.requests.push(String(p.request?.url));
      else if (method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'warning' || p.type === 'assert'))
        record.errors.push(`console.${p.type}: ${JSON.stringify(p.args?.map((a: Json) => a.value ?? a.description))}`);
      else if (method === 'Runtime.exceptionThrown') record.errors.push(`exception: ${p.exceptionDetails?.text}`);
      else if (method === 'Log.entryAdded' && (p.entry?.level === 'error' || p.entry?.level === 'warning'))
        record.errors.push(`log ${p.entry.level} (${p.entry.source}): ${p.entry.text}`);
      else if (method === 'Page.loadEventFired') loaded();
    });
    await this.send('Page.navigate', { url });
    await load;
    // late messages (a failed subresource logs after load) are caught by an extra round trip
    await this.evaluate('new Promise((r) => setTimeout(r, 200))');
    return record;
  }

  /** Evaluates `expression` in the page (awaiting a promise) and returns its value. */
  async evaluate<T = unknown>(expression: string): Promise<T> {
    const r = await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(`evaluate failed: ${JSON.stringify(r.exceptionDetails)}`);
    return r.result?.value as T;
  }

  /** The page box (document coordinates, CSS pixels) of the first element matching `selector`. */
  async box(selector: string): Promise<Box | null> {
    return this.evaluate<Box | null>(
      `(() => { const e = document.querySelector(${JSON.stringify(selector)}); if (!e) return null; const r = e.getBoundingClientRect(); return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height }; })()`,
    );
  }

  /** A PNG screenshot of `clip` (document coordinates), beyond the viewport if need be. */
  async screenshot(clip: Box): Promise<Buffer> {
    const r = await this.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true, clip: { ...clip, scale: 1 } });
    return Buffer.from(r.data as string, 'base64');
  }

  /** Closes the browser and removes its profile. */
  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => (this.proc.exitCode !== null ? resolve() : this.proc.once('exit', () => resolve())));
    this.send('Browser.close', {}, false).catch(() => undefined);
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    rmSync(this.profile, { recursive: true, force: true });
  }
}
