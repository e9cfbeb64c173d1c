// node_wasi.mjs — runs a WASI command module on Node's built-in node:wasi,
// for the benchmark runner:  node --no-warnings node_wasi.mjs FILE.wasm [ARGS...]
// Exit status: the guest's, 134 on a trap, 127 if it cannot be instantiated.
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
import { basename } from 'node:path';
import process from 'node:process';

const [file, ...args] = process.argv.slice(2);
if (!file) {
  console.error('usage: node_wasi.mjs FILE.wasm [ARGS...]');
  process.exit(2);
}
const wasi = new WASI({ version: 'preview1', args: [basename(file), ...args], env: {},
                        returnOnExit: true });
let instance;
try {
  const mod = new WebAssembly.Module(readFileSync(file));
  instance = new WebAssembly.Instance(mod, wasi.getImportObject());
} catch (e) {
  console.error(`node_wasi: cannot instantiate ${file}: ${e.message}`);
  process.exit(127);
}
try {
  process.exitCode = wasi.start(instance) ?? 0;
} catch (e) {
  console.error(`node_wasi: trap: ${e.stack || e}`);
  process.exitCode = 134;
}
