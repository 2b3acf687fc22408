// The Kubernetes examples are checked against the Kubernetes API schemas
// (kubernetes-models' built-in JSON schemas), and a broken copy must fail, so
// this test can fail.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';

const dir = join(__dirname, '..', '..', 'examples', 'k8s');
type Doc = { apiVersion: string; kind: string; [k: string]: unknown };
const docs = (file: string): Doc[] => parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => d.toJS() as Doc);

/** Throws the schema's message when the object is not a valid resource of its kind. */
function validate(doc: Doc): void {
  if (doc.apiVersion === 'batch/v1' && doc.kind === 'Job') new Job(doc as never).validate();
  else if (doc.apiVersion === 'v1' && doc.kind === 'PersistentVolumeClaim') new PersistentVolumeClaim(doc as never).validate();
  else throw new Error(`no schema here for ${doc.apiVersion} ${doc.kind}`);
}

describe('examples/k8s', () => {
  const evaluate = docs('evaluate-indexed-job.yaml');
  const job = evaluate.find((d) => d.kind === 'Job') as Doc & { spec: Record<string, unknown> & { template: { spec: { containers: { args: string[] }[] } } } };

  it('evaluate-indexed-job.yaml: a valid claim and a valid Indexed Job of 3 shards', () => {
    expect(evaluate.map((d) => d.kind)).toEqual(['PersistentVolumeClaim', 'Job']);
    for (const d of evaluate) expect(() => validate(d)).not.toThrow();
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', completions: 3, parallelism: 3 });
    // Every pod evaluates its own shard, into its own folder.
    const args = job.spec.template.spec.containers[0].args;
    expect(args).toContain('--shard-index=$(JOB_COMPLETION_INDEX)');
    expect(args).toContain('--num-shards=3');
    expect(args).toContain('--out=/out/shard-$(JOB_COMPLETION_INDEX)');
  });

  it('merge-job.yaml: a valid Job on the same claim', () => {
    const merge = docs('merge-job.yaml');
    expect(merge.map((d) => d.kind)).toEqual(['Job']);
    expect(() => validate(merge[0])).not.toThrow();
    expect(JSON.stringify(merge[0])).toContain('"claimName":"saliency-out"');
  });

  it('a broken copy fails: an unknown completionMode, a container without a name, a string count', () => {
    type Spec = { completionMode: unknown; completions: unknown; template: { spec: { containers: { name?: string }[] } } };
    const broken = (edit: (spec: Spec) => void): Doc => {
      const copy = structuredClone(job);
      edit(copy.spec as unknown as Spec);
      return copy;
    };
    expect(() => validate(broken((s) => (s.completionMode = 'Bogus')))).toThrow(/completionMode/);
    expect(() => validate(broken((s) => delete s.template.spec.containers[0].name))).toThrow(/name/);
    expect(() => validate(broken((s) => (s.completions = 'three')))).toThrow(/completions/);
  });
});
