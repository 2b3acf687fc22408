// A class's name for display: its label, or "class 173" where the model has
// none (a bare number next to the index read "173 173").

export function classLabel(labels: readonly string[] | null | undefined, index: number): string {
  return labels?.[index] ?? `class ${index}`;
}
