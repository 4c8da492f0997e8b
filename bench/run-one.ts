// Child side of with-node-flags.ts: runs one exported benchmark and prints its result on a
// marked line. A file rather than `node -e`, whose `--input-type=module` worker threads
// (the sync bench's) would inherit.
import { BENCH_RESULT_MARK } from './bench-result-mark.js';

const [file, exportName] = process.argv.slice(2);
if (!file || !exportName) throw new Error('usage: run-one.ts <bench file> <exported function>');
const bench = (await import(new URL(file, import.meta.url).href)) as Record<string, () => Promise<unknown>>;
const result = await bench[exportName]!();
console.log(BENCH_RESULT_MARK + JSON.stringify(result));
process.exit(0);
