// Edited cells travel in a share link as #...&edits=DATA: JSON {cellId: source}, deflated and
// base64url-encoded. Code from a link only ever runs in the sandbox (sandbox/host.js).
const toBase64Url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (text) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

async function pipe(bytes, stream) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
}

export async function encodeEdits(edits) {
  const json = new TextEncoder().encode(JSON.stringify(edits));
  return toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
}

/** The {cellId: source} object of a link, or an Error saying why it cannot be read. */
export async function decodeEdits(text) {
  try {
    let bytes;
    try {
      bytes = await pipe(fromBase64Url(text), new DecompressionStream('deflate-raw'));
    } catch {
      // The browser says "Failed to fetch" or names atob: the reader needs to know the link was damaged.
      throw new Error('it is damaged or cut short');
    }
    const edits = JSON.parse(new TextDecoder().decode(bytes));
    if (!edits || typeof edits !== 'object' || Array.isArray(edits) ||
        !Object.values(edits).every((v) => typeof v === 'string')) throw new Error('not a set of cell sources');
    return edits;
  } catch (e) {
    throw new Error(`the edited code in this link could not be read (${e.message}); showing the author's version`);
  }
}
