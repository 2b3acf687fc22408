// The CLI: `saliency-studio <command> [options]`. Errors are one line on stderr
// naming the file and the problem; exit codes in run/exit-codes.ts; stacks only with --debug.
import { toApiError } from '../api/errors';
import { explainCommand } from './explain';
import { infoCommand, methodsCommand } from './info';
import { serveCommand } from './serve';
import { visualizeClassCommand } from './visualize-class';
import { localizeCommand } from './localize';
import { evaluateCommand } from './evaluate';
import { sanityCommand } from './sanity';
import { tcavCommand } from './tcav';
import { bimCommand } from './bim';
import { mergeCommand } from './merge';
import { exitCodeOf } from './run/exit-codes';

const USAGE = `usage: saliency-studio <command> [options]
  info     --model <model.json|.onnx|.h5|.keras> [--preprocess <preset>] [--json]
  methods  [--json]
  explain  --model <model.json|.onnx|.h5|.keras> (--image <file> | --images <dir> [run flags]) --method <id>[,<id>...] [--target top|<index>]
           [--layer <name>] [--preprocess unit|signed|imagenet|caffe|raw|torchvision] [--set <param>=<value>]...
           [--target-region predicted|all|<mask.png>]   segmentation models; white = inside
           [--dicom-out <dir> [--salt-file <file>] [--identifiable]]   DICOM inputs: a Secondary Capture per map, de-identified unless
                                  --identifiable; --salt-file (required with --images) keeps the remapped UIDs alike across runs and shards
           [--trust]   each map's trust card (sparseness, max-sensitivity, random logit, ADCC vs Fake-CAM) in <out>/trust.json
           --out <dir> [--json]
  serve    [--port N] [--workers N]  loopback web host (N job workers: default the cores); prints the URL with its token
  visualize-class --model <model.json|.onnx|.h5|.keras> --target <index> [--steps N] [--lr x] [--l2 x] [--image <file>]
           [--set <param>=<value>]... [--scale k] [--run <run.json>] --out <file.png> [--json]
  localize --model <model.json|.onnx|.h5|.keras> (--image <file> --out <dir> | --manifest <manifest.json> [--out <dir> run flags]) [--method <id>[,<id>...]]
           [--segmenter graphcut|threshold[,...]] [--target <index>] [--set fgQuantile=0.95 --set bgQuantile=0.3] [--json]
  evaluate --model <model.json|.onnx|.h5|.keras> --images <dir|file> --method <id>[,<id>...] [--metric <id>[,...]] [--masks <dir>]
           [--controls random-map,fake-cam,sobel|none] [--target top|<index>] [--layer <name>]
           [--set steps=20 --set deletionSubstrate=zero|blur|mean ...] [--image-batch N] [run flags] --out <dir> [--json]
  merge    <shard dir>... --out <dir> [--report <file.html>] [--json]   joins shards 0..n-1 of evaluate, explain, sanity, localize or bim
                                  (--report: evaluate and sanity runs)
  sanity   --model <model.json|.onnx|.h5|.keras> (--image <file> | --images <dir> [run flags]) [--report <file.html>]
           --method <id>[,<id>...] --mode cascading|independent [--target top|<index>] [--layer <name>] [--seed N] --out <dir> [--json]
  sanity   --mode data --model <model.json|.onnx|.h5|.keras> [--data digits|<dir with one sub-folder per class>] [--images <dir>]
           [--method <id>[,...]] [--epochs 12] [--train-limit 1000] [--batch-size 32] [--lr 0.003] [--seed N] --out <dir> [--json]
  tcav     --model <model.json|.onnx|.h5|.keras> --layer <name> --concept <dir> --random <dir> [--random-sets 10] --class <index>[,...]
           --images <dir> [--alpha 0.05] [--bonferroni] [--set lambda=0.01] [--seed N] --out <dir> [--json]
  bim      [--methods <id>[,...]] [--variant objects|chest-marker] [--n K] [--t 0.1] [--no-tcav]
           [--set <param>=<value>]... [run flags] --out <dir> [--json]
run flags: [--shard-index i --num-shards n]   (or SLURM_ARRAY_TASK_ID/_MIN/_COUNT, JOB_COMPLETION_INDEX); --out is the shard's folder
           [--fresh|--no-resume] [--keep-going] [--progress bar|json|lines|none]   resumes a matching <out>/run.json by default
common: --debug (stack traces), --workers N|auto (engine workers: images and a method's passes side by side; default 1), --help`;

/** `io`: where the lines go (tests run the CLI in-process with captured writers: testing/cli-inproc.ts). */
export async function main(
  argv: string[],
  io: { out: { write(s: string): unknown }; err: { write(s: string): unknown } } = { out: process.stdout, err: process.stderr },
): Promise<number> {
  const out = (s: string): void => void io.out.write(s + '\n');
  const err = (s: string): void => void io.err.write(s + '\n');
  const [cmd, ...rest] = argv;
  const debug = rest.includes('--debug');
  try {
    if (!cmd || cmd === '--help' || cmd === '-h' || rest.includes('--help')) {
      out(USAGE);
      return cmd ? 0 : 1;
    }
    switch (cmd) {
      case 'info':
        await infoCommand(rest, out);
        break;
      case 'methods':
        await methodsCommand(rest, out);
        break;
      case 'explain':
        await explainCommand(rest, out, err);
        break;
      case 'serve':
        await serveCommand(rest, out);
        break;
      case 'visualize-class':
        await visualizeClassCommand(rest, out, err);
        break;
      case 'localize':
        await localizeCommand(rest, out, err);
        break;
      case 'evaluate':
        await evaluateCommand(rest, out, err);
        break;
      case 'sanity':
        await sanityCommand(rest, out, err);
        break;
      case 'tcav':
        await tcavCommand(rest, out, err);
        break;
      case 'bim':
        await bimCommand(rest, out, err);
        break;
      case 'merge':
        await mergeCommand(rest, out);
        break;
      default:
        err(`saliency-studio: unknown command "${cmd}"\n${USAGE}`);
        return 2;
    }
    return 0;
  } catch (e) {
    // A request error names its operation; when that is the command itself, say it once.
    const message = toApiError(e).message;
    err(`saliency-studio ${cmd}: ${message.startsWith(`${cmd}: `) ? message.slice(cmd.length + 2) : message}`);
    if (debug && e instanceof Error) err(e.stack ?? '');
    // 2 bad input, 3 a failed image, 130/143 a signal, 1 anything else (run/exit-codes.ts).
    return exitCodeOf(e);
  }
}
