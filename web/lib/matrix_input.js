// Arrays from JS as the core reads them: {shape, data} in C order, used by every low-level function.

/**
 * Points (or a matrix) as {shape: [n, D], data} in C order. Accepts {shape, data} with a typed or
 * plain array, or an array of rows. Plain values that are not numbers become NaN, which the core
 * refuses with the row and column, rather than silently 0.
 */
export function matrixInput(value, name = 'points') {
  const form = `${name}: must be {shape: [n, D], data} (C order) or an array of rows`;
  if (Array.isArray(value)) {
    const first = value[0];
    if (!(Array.isArray(first) || ArrayBuffer.isView(first))) throw new Error(form);
    const n = value.length;
    const D = first.length;
    const data = new Float64Array(n * D);
    value.forEach((row, i) => {
      if (!(Array.isArray(row) || ArrayBuffer.isView(row)) || row.length !== D) {
        throw new Error(`${name}[${i}]: every row must have ${D} numbers like the first`);
      }
      for (let j = 0; j < D; j++) data[i * D + j] = typeof row[j] === 'number' ? row[j] : NaN;
    });
    return { shape: [n, D], data };
  }
  if (value === null || typeof value !== 'object' || !Array.isArray(value.shape)) throw new Error(form);
  const { shape, data } = value;
  if (ArrayBuffer.isView(data)) return { shape, data };
  if (Array.isArray(data)) return { shape, data: Float64Array.from(data, (v) => (typeof v === 'number' ? v : NaN)) };
  throw new Error(`${name}.data: must be a typed array or an array of numbers`);
}
