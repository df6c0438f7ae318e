// A fresh temporary project with the npm package installed from its packed .tgz, as a user would
// have it: scripts/package.mjs builds and packs the package, `npm install --offline` installs the
// tarball (no registry is asked: the package has no dependencies). Used by the node and browser
// tests of the package's hosts.
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPackage } from '../scripts/package.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Installs the .tgz into dir (a project folder) with npm, offline. */
export function npmInstall(dir, tarball) {
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], {
    cwd: dir, stdio: 'pipe', env: { ...process.env, npm_config_update_notifier: 'false' },
  });
}

/**
 * Packs the package and installs it into a new project folder.
 * Resolves with {dir, tarball, pkg (the packed package's folder), version, remove()}.
 */
export async function packedProject(label = 'project', projectJson = {}) {
  const base = mkdtempSync(path.join(tmpdir(), `rnnbook-${label}-`));
  const packed = await buildPackage(path.join(base, 'pack'));
  const dir = path.join(base, label);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'),
    JSON.stringify({ name: `rnnbook-${label}`, private: true, type: 'module', ...projectJson }, null, 2));
  npmInstall(dir, packed.tarball);
  return { ...packed, dir, base, pkg: packed.dir, remove: () => rmSync(base, { recursive: true, force: true }) };
}
