// Loads the real wasm module (the same rnnbook.mjs + rnnbook.wasm the site ships) in node.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const wasmDir = path.resolve(process.env.RNNBOOK_WASM_DIR ?? path.join(root, 'build-wasm/wasm'));
export const nativeDir = path.resolve(process.env.RNNBOOK_NATIVE_DIR ?? path.join(root, 'build-native'));
/** rnnbook's version: the top-level CMakeLists.txt's project VERSION, its one source of truth. */
export const projectVersion = readFileSync(path.join(root, 'CMakeLists.txt'), 'utf8')
  .match(/^project\(rnnbook VERSION (\d+\.\d+\.\d+)/m)[1];

export async function loadModule() {
  const { default: createRnnbook } = await import(pathToFileURL(path.join(wasmDir, 'rnnbook.mjs')));
  // node 20 has a global fetch that cannot load file paths: hand the bytes over (TOOLCHAIN.md 4).
  return createRnnbook({ wasmBinary: await readFile(path.join(wasmDir, 'rnnbook.wasm')) });
}

/** Reads a little-endian float64 .npy file (format 1.0 / 2.0) into {shape, data}. */
export function parseNpy(buffer) {
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLen));
  if (!header.includes("'descr': '<f8'")) throw new Error(`npy: not float64: ${header}`);
  const shape = header.match(/'shape': \(([^)]*)\)/)[1].split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const data = new Float64Array(bytes.slice(start + headerLen).buffer);
  return { shape, data };
}

/** A little-endian float64 .npy file (format 1.0) of data in C order. */
export function npyBytes(shape, data) {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const head = Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([1, 0]),
    Buffer.from(new Uint16Array([header.length]).buffer), Buffer.from(header, 'latin1')]);
  return Buffer.concat([head, Buffer.from(new Float64Array(data).buffer)]);
}
