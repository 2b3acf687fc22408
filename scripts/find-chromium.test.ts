import { describe, expect, it } from 'vitest';
import { ensureChromium, findChromium, MISSING, type ChromiumSys } from './find-chromium.mjs';

/** A fake machine: a set of existing files, and commands that may "install" more. */
function machine(files: string[], opts: { env?: Record<string, string>; isRoot?: boolean; installs?: Record<string, string[]> } = {}) {
  const fs = new Set(files);
  const ran: string[] = [];
  const sys: ChromiumSys = {
    env: { PATH: '/usr/local/bin:/usr/bin', ...opts.env },
    home: '/home/u',
    isRoot: opts.isRoot ?? false,
    exists: (p) => fs.has(p),
    listDir: (d) => {
      const kids = [...fs].filter((p) => p.startsWith(`${d}/`)).map((p) => p.slice(d.length + 1).split('/')[0]);
      return kids.length ? [...new Set(kids)] : null;
    },
    run: (cmd, args) => {
      const line = [cmd, ...args].join(' ');
      ran.push(line);
      const added = opts.installs?.[line];
      if (!added) return 1;
      for (const f of added) fs.add(f);
      return 0;
    },
  };
  return { sys, ran };
}

const CACHE = '/home/u/.cache/ms-playwright';

describe('finding a Chromium for the e2e specs', () => {
  it("CHROMIUM_PATH wins; then Debian's chromium; then chromium-browser on PATH", () => {
    expect(findChromium(machine(['/opt/c/chrome', '/usr/bin/chromium'], { env: { CHROMIUM_PATH: '/opt/c/chrome' } }).sys)?.path).toBe('/opt/c/chrome');
    expect(findChromium(machine(['/usr/bin/chromium', '/usr/local/bin/chromium-browser']).sys)?.path).toBe('/usr/bin/chromium');
    expect(findChromium(machine(['/usr/local/bin/chromium-browser']).sys)?.path).toBe('/usr/local/bin/chromium-browser');
  });

  it("takes the newest revision in Playwright's cache, the full browser before the headless shell", () => {
    const { sys } = machine([
      `${CACHE}/chromium-1100/chrome-linux/chrome`,
      `${CACHE}/chromium-1194/chrome-linux/chrome`,
      `${CACHE}/chromium_headless_shell-1200/chrome-linux/headless_shell`,
    ]);
    expect(findChromium(sys)).toEqual({ path: `${CACHE}/chromium-1194/chrome-linux/chrome`, from: "Playwright's cache" });
    const shell = machine([`${CACHE}/chromium_headless_shell-1200/chrome-linux/headless_shell`]).sys;
    expect(findChromium(shell)?.path).toBe(`${CACHE}/chromium_headless_shell-1200/chrome-linux/headless_shell`);
  });

  it('found: runs nothing', () => {
    const { sys, ran } = machine(['/usr/bin/chromium', '/usr/bin/apt-get']);
    expect(ensureChromium(sys)).toMatchObject({ path: '/usr/bin/chromium', installed: false });
    expect(ran).toEqual([]);
  });

  it('as root with apt: apt-get update, install -y chromium, and the path it installed', () => {
    const { sys, ran } = machine(['/usr/bin/apt-get'], {
      isRoot: true,
      installs: { 'apt-get update': [], 'apt-get install -y chromium': ['/usr/bin/chromium'] },
    });
    expect(ensureChromium(sys)).toMatchObject({ path: '/usr/bin/chromium', installed: true });
    expect(ran).toEqual(['apt-get update', 'apt-get install -y chromium']);
  });

  it('not root: sudo -n apt-get; when sudo wants a password, Playwright downloads into its cache', () => {
    const { sys, ran } = machine(['/usr/bin/apt-get', '/usr/bin/sudo'], {
      installs: { 'npx playwright-core install chromium': [`${CACHE}/chromium-1194/chrome-linux/chrome`] },
    });
    expect(ensureChromium(sys)).toMatchObject({ path: `${CACHE}/chromium-1194/chrome-linux/chrome`, installed: true });
    expect(ran).toEqual(['sudo -n apt-get update', 'npx playwright-core install chromium']);
  });

  it('nothing works: one line saying what to run', () => {
    const { sys, ran } = machine([]);
    const r = ensureChromium(sys);
    expect(r).toEqual({ path: null, message: MISSING });
    expect(MISSING).not.toContain('\n');
    expect(MISSING).toMatch(/apt-get install -y chromium/);
    expect(MISSING).toMatch(/playwright-core install chromium/);
    expect(ran).toEqual(['npx playwright-core install chromium']);
  });

  it('an install that exits 0 but leaves no browser does not count as found', () => {
    const { sys } = machine(['/usr/bin/apt-get'], { isRoot: true, installs: { 'apt-get update': [], 'apt-get install -y chromium': [] } });
    expect(ensureChromium(sys).path).toBeNull();
  });

  it('a CHROMIUM_PATH that does not exist is reported, not replaced by another browser', () => {
    const r = ensureChromium(machine(['/usr/bin/chromium'], { env: { CHROMIUM_PATH: '/nope/chrome' } }).sys);
    expect(r.path).toBeNull();
    expect('message' in r && r.message).toMatch(/CHROMIUM_PATH=\/nope\/chrome does not exist/);
  });
});
