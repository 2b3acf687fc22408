// The operation names as the StudioApi interface declares them, read from the
// source with the TypeScript parser: an oracle for tests that is independent of
// the spec (api/spec.ts) the code derives its lists from.
import { StudioError } from '../api/errors';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export function studioApiMembers(): string[] {
  const file = join(import.meta.dirname, '..', 'api', 'types.ts');
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  let names: string[] | null = null;
  src.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'StudioApi') {
      names = node.members.map((m) => (m.name && ts.isIdentifier(m.name) ? m.name.text : '?'));
    }
  });
  if (!names) throw new StudioError('internal', 'interface StudioApi not found in api/types.ts');
  return names;
}
