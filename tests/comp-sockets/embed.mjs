// embed.mjs CORE.wasm WORLD.wit WORLD OUT.wasm — add the component-type
// section for WORLD to a core module, with jco's wasm-tools (its `jco
// embed` command cannot read files outside the current directory here).
import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
const [, , core, wit, world, out] = process.argv;
const jco = process.env.WEFT_JCO_API ||
  '/work/ext/jco/node_modules/@bytecodealliance/jco/dist/api.js';
const { componentEmbed } = await import(pathToFileURL(jco).href);
const bin = await componentEmbed({
  binary: await readFile(core), witSource: await readFile(wit, 'utf8'), world });
await writeFile(out, bin);
