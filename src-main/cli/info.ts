// `info` (operations info, openModel) and `methods` (operation methods).
import { parseArgs } from 'node:util';
import { COMMON_OPTIONS, parsePreprocess, requireOpt, withBackend } from './common';

export async function infoCommand(argv: string[], out: (s: string) => void): Promise<void> {
  const { values } = parseArgs({ args: argv, options: COMMON_OPTIONS, strict: true });
  const path = requireOpt(values.model, '--model');
  const [engineInfo, model] = await withBackend(
    async (api) => [await api.info(), await api.openModel({ path, preprocess: parsePreprocess(values.preprocess) })] as const,
    values.workers,
  );
  const backend = { name: engineInfo.backend, ladder: engineInfo.ladder, addedKernels: engineInfo.addedKernels, replacedKernels: engineInfo.replacedKernels };
  const { id: _id, ...m } = model;
  if (values.json) {
    out(JSON.stringify({ model: m.path, ...m, classes: m.numClasses, backend }, null, 2));
    return;
  }
  out(`model     ${m.path} (${m.format})`);
  out(
    `input     [${m.inputShape.map((d) => d ?? 'null').join(', ')}] -> ${m.inputHeight}×${m.inputWidth}×${m.inputChannels}, preprocess ${m.preprocess.preset}`,
  );
  out(
    `classes   ${m.numClasses}${m.labels ? ` (${m.labels.slice(0, 3).join(', ')}, …)` : ' (no labels)'}; output ${m.outputIndex + 1} of ${m.numOutputs}${m.logitsFromSoftmax ? ', logits taken before softmax' : ''}; ${m.head === 'sigmoid' ? 'multi-label (independent sigmoids)' : 'softmax'} head`,
  );
  out(`backend   ${backend.name}`);
  for (const r of backend.ladder) if (r.skipped) out(`          skipped ${r.name}: ${r.skipped}`);
  if (backend.addedKernels.length) out(`          kernels added: ${backend.addedKernels.join(', ')}`);
  if (backend.replacedKernels.length) out(`          kernels replaced: ${backend.replacedKernels.join(', ')}`);
  for (const w of m.warnings) out(`warning   ${w}`);
  out(`layers    ${m.layers.length}`);
  if (m.autoLayer) out(`CAM layer ${m.autoLayer} (automatic choice; * marks the eligible layers)`);
  for (const l of m.layers) {
    const mark = l.name === m.autoLayer ? '* (auto)' : l.camEligible ? '*' : '';
    out(`  ${l.name.padEnd(32)} ${l.className.padEnd(24)} [${l.outputShape.map((d) => d ?? 'null').join(', ')}] ${mark}`.trimEnd());
  }
}

export async function methodsCommand(argv: string[], out: (s: string) => void): Promise<void> {
  const { values } = parseArgs({ args: argv, options: COMMON_OPTIONS, strict: true });
  const methods = await withBackend((api) => api.methods(), values.workers);
  if (values.json) {
    out(JSON.stringify(methods, null, 2));
    return;
  }
  for (const m of methods) {
    out(`${m.id.padEnd(24)} ${m.label} [${m.family}] — ${m.paper}`);
    if (m.peers) out(`    (${m.peers})`);
    for (const p of m.params) out(`    ${p.name}=${String(p.default)} (${p.type}${p.options ? `: ${p.options.join('|')}` : ''}) ${p.help}`);
  }
}
