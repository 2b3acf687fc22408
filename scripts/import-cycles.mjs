#!/usr/bin/env node
// Lint: no import cycle, and the renderer's share of src-main kept to api/ and shared/;
// no import cycle (ARCHITECTURE.md, "Leaves are leaves"), at two levels:
// between the folders of src-main, and between modules of src-main and the
// renderer. Imports are read with TypeScript's own pre-processor (type-only
// imports count: a cycle of types is still a cycle of design). Each cycle is
// printed with one import per step; the exit code is 1 when there is any.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const top = resolve(new URL('..', import.meta.url).pathname);
const main = join(top, 'src-main');
const files = [];
for (const r of [main, join(top, 'src-renderer', 'src')]) {
  (function walk(d) {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.tsx?$/.test(n) && !/\.test\.tsx?$/.test(n) && !n.endsWith('.d.ts')) files.push(p);
    }
  })(r);
}
const known = new Set(files);
const target = (from, spec) => {
  const b = resolve(dirname(from), spec);
  return [b, `${b}.ts`, `${b}.tsx`, join(b, 'index.ts')].find((c) => known.has(c)) ?? null;
};
/** module → [imported module]. */
const imports = new Map(
  files.map((f) => [
    f,
    ts
      .preProcessFile(readFileSync(f, 'utf8'), true, true)
      .importedFiles.filter((i) => i.fileName.startsWith('.'))
      .map((i) => target(f, i.fileName))
      .filter(Boolean),
  ]),
);

/** Strongly connected components of more than one node (Tarjan). */
function cycles(nodes, next) {
  let n = 0;
  const idx = new Map(),
    low = new Map(),
    stack = [],
    on = new Set(),
    out = [];
  const visit = (v) => {
    idx.set(v, n);
    low.set(v, n++);
    stack.push(v);
    on.add(v);
    for (const w of next(v)) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) !== idx.get(v)) return;
    const c = [];
    for (let w; w !== v;) {
      w = stack.pop();
      on.delete(w);
      c.push(w);
    }
    if (c.length > 1) out.push(c.sort());
  };
  for (const v of nodes) if (!idx.has(v)) visit(v);
  return out;
}

// Folders: each src-main file belongs to its top folder (files directly in src-main to none).
const folderOf = (f) => (f.startsWith(main + sep) && relative(main, f).includes(sep) ? relative(main, f).split(sep)[0] : null);
const folderEdges = new Map();
for (const [f, deps] of imports) {
  const a = folderOf(f);
  if (!a) continue;
  for (const d of deps) {
    const b = folderOf(d);
    if (!b || b === a) continue;
    if (!folderEdges.has(a)) folderEdges.set(a, new Map());
    if (!folderEdges.get(a).has(b)) folderEdges.get(a).set(b, `${relative(top, f)} → ${relative(top, d)}`);
  }
}
const folders = [...new Set(files.map(folderOf).filter(Boolean))];
const bad = [];
for (const c of cycles(folders, (v) => folderEdges.get(v)?.keys() ?? [])) {
  bad.push(`folders ${c.join(' ↔ ')}`);
  for (const a of c) for (const [b, why] of folderEdges.get(a) ?? []) if (c.includes(b)) bad.push(`  ${why}`);
}
for (const c of cycles(files, (v) => imports.get(v))) {
  bad.push(`modules ${c.map((f) => relative(top, f)).join(' ↔ ')}`);
}
// The isomorphic part: the renderer may import src-main's api/ and shared/
// only, and those two import nothing else of src-main (tsconfig.web.json
// includes exactly them).
const ISOMORPHIC = new Set(['api', 'shared']);
const renderer = join(top, 'src-renderer') + sep;
for (const [f, deps] of imports) {
  const fromRenderer = f.startsWith(renderer);
  if (!fromRenderer && !ISOMORPHIC.has(folderOf(f))) continue;
  for (const d of deps) {
    if (!d.startsWith(main + sep) || ISOMORPHIC.has(folderOf(d))) continue;
    bad.push(`isomorphic ${relative(top, f)} → ${relative(top, d)} (only src-main/api and src-main/shared are shared with the renderer)`);
  }
}
if (bad.length) {
  console.log(`import-cycles:\n${bad.join('\n')}`);
  process.exit(1);
}
console.log(`import-cycles: none among ${folders.length} folders of src-main and ${files.length} modules`);
