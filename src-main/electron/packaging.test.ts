// electron-builder.yml as electron-builder reads it (its own YAML parser and
// schema): the fuses above all, since a flipped one fails silently at run time.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const file = `${root}electron-builder.yml`;
// Resolved through app-builder-lib so the test parses and validates exactly as the packager does.
const builderLib = createRequire(createRequire(`${root}package.json`).resolve('app-builder-lib/package.json'));
const yaml = builderLib('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = builderLib('./out/util/config/config.js') as {
  validateConfiguration(config: unknown, debug: { isEnabled: boolean; add(k: string, v: unknown): void }): Promise<void>;
};

type Config = { electronFuses?: Record<string, boolean>; files?: string[]; asar?: boolean; extraResources?: { from: string; to: string }[] };
const config = yaml.load(readFileSync(file, 'utf8')) as Config;

describe('packaging (electron-builder.yml)', () => {
  it('sets every security fuse, each to its safe value', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeCliInspectArguments: false,
      enableNodeOptionsEnvironmentVariable: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // onlyLoadAppFromAsar and integrity validation mean nothing without an asar.
    expect(config.asar).toBe(true);
  });

  it("passes electron-builder's own schema (a misspelt key would be rejected there, not ignored)", async () => {
    await expect(validateConfiguration(config, { isEnabled: false, add: () => {} })).resolves.toBeUndefined();
    await expect(
      validateConfiguration({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } }, { isEnabled: false, add: () => {} }),
    ).rejects.toThrow();
  });

  it('packages the build only, with the demos beside it, via `npm run package`', () => {
    expect(config.files).toContain('out/**');
    expect(config.files?.some((f) => /^src|^e2e|^scripts/.test(f))).toBe(false);
    expect(config.extraResources).toContainEqual({ from: 'resources', to: 'resources' });
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
      scripts: Record<string, string>;
      build?: unknown;
      devDependencies: Record<string, string>;
    };
    expect(pkg.scripts.package).toMatch(/electron-vite build && electron-builder --config electron-builder\.yml --publish never/);
    // A "build" key in package.json would take precedence over the YAML when run without --config.
    expect(pkg.build).toBeUndefined();
    expect(pkg.devDependencies['electron-builder']).toBeDefined();
  });
});
