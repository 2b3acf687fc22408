// `evaluate --report` and `sanity --report`: the HTML file the user gets
// reproduces the seeds' two findings on the demo digits model.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MetricStats } from '../api/evaluate-types';
import { formatStat } from '../shared/report/evaluation-table';
import { demo, PROJECT_ROOT } from '../testing/shared-data';

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'saliency-studio.mjs'), ...args], { encoding: 'utf8', timeout: 180_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const tmp = (): string => mkdtempSync(join(tmpdir(), 'ss-report-'));

describe('CLI --report', () => {
  it('evaluate: the summary.json numbers in the HTML table, and the Fake-CAM finding stated', () => {
    const out = tmp();
    const report = join(out, 'report.html');
    const r = cli(
      'evaluate',
      '--model',
      demo('digits', 'model.json'),
      '--images',
      demo('digits', 'samples'),
      '--method',
      'gradcam',
      '--controls',
      'fake-cam',
      '--metric',
      'average-drop,average-increase,adcc,deletion,insertion',
      '--set',
      'steps=5',
      '--out',
      out,
      '--report',
      report,
      '--json',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { summary: Record<string, Record<string, MetricStats>>; files: { report: string } };
    expect(j.files.report).toBe(report);
    const html = readFileSync(report, 'utf8');
    for (const m of ['gradcam', 'fake-cam']) for (const k of ['average-drop', 'adcc', 'deletion']) expect(html).toContain(formatStat(j.summary[m][k]));
    expect(html).toMatch(/ADCC exposes it\)\. As in Poppi et al\. 2021/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('sanity cascading: Guided Backprop listed above the gradient at the last step, strips as PNG data URIs', () => {
    const out = tmp();
    const report = join(out, 'sanity.html');
    const r = cli(
      'sanity',
      '--model',
      demo('digits', 'model.json'),
      '--image',
      demo('digits', 'samples', 'digit-3.png'),
      '--method',
      'saliency,guided-backprop',
      '--out',
      out,
      '--report',
      report,
      '--json',
    );
    expect(r.code).toBe(0);
    const html = readFileSync(report, 'utf8');
    expect(html).toMatch(/at &quot;conv1&quot;: guided-backprop 0\.\d{3}, saliency 0\.\d{3}\./);
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(2 * 4);
    expect(html).not.toMatch(/https?:\/\//);
  });
});
