// wasi_ref.mjs — runs a WASI command module under Node's WASI (the
// reference for tests/diff/csmith.sh). Usage: node wasi_ref.mjs FILE.wasm
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const wasi = new WASI({ version: 'preview1', args: ['prog'], env: {} });
const mod = new WebAssembly.Module(readFileSync(process.argv[2]));
const inst = new WebAssembly.Instance(mod, wasi.getImportObject());
try {
  process.exitCode = wasi.start(inst);
} catch (e) {
  console.log(`trap ${e.message}`);
  process.exitCode = 134;
}
