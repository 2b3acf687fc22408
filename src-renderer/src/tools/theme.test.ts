import { describe, expect, it } from 'vitest';
import { contrastRatio, resolveTheme, themeToggleLabel } from './theme';

/** The custom properties of one rule in styles.css. */
function palette(css: string, selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  const body = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries([...body.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]));
}

describe('themes', () => {
  it('system follows prefers-color-scheme; an explicit choice wins', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });

  it('the toggle names the theme it switches to: a different label in each theme', () => {
    expect(themeToggleLabel('light')).toEqual({ icon: '☾', text: 'Dark theme', title: 'Switch to the dark theme (T)' });
    expect(themeToggleLabel('dark')).toEqual({ icon: '☀', text: 'Light theme', title: 'Switch to the light theme (T)' });
  });

  it('WCAG contrast ratio: black on white is 21, equal colours 1', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 6);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2); // the classic AA grey
  });

  it('both palettes in styles.css keep text readable (≥ 4.5:1, AA) on the page and on panels', async () => {
    // The renderer's tsconfig has no Node types: load fs untyped (the test itself runs in Node).
    const fs = (await import('node:fs' as string)) as { readFileSync(p: URL, enc: 'utf8'): string };
    const css = fs.readFileSync(new URL('../styles.css', import.meta.url), 'utf8');
    const themes = { light: palette(css, ':root'), dark: palette(css, ":root[data-theme='dark']") };
    for (const [name, p] of Object.entries(themes)) {
      expect(Object.keys(p).length, name).toBeGreaterThanOrEqual(14);
      for (const fg of ['text', 'muted', 'accent', 'danger', 'ok', 'warn']) {
        for (const bg of ['bg', 'panel', 'panel-2']) {
          expect(contrastRatio(p[fg], p[bg]), `${name}: ${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
        }
      }
      expect(contrastRatio(p.danger, p['danger-bg']), `${name}: danger banner`).toBeGreaterThanOrEqual(4.5);
      // White text on the primary button.
      expect(contrastRatio('#ffffff', p['accent-2']), `${name}: primary button`).toBeGreaterThanOrEqual(name === 'light' ? 4.5 : 3);
    }
  });
});
