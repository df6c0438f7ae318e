// Finds the fenced code blocks of one info string (e.g. "js" or "js node") in a Markdown text.
export function codeBlocks(markdown, info) {
  const blocks = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```' + info) continue;
    const start = i + 1;
    let j = start;
    while (j < lines.length && lines[j].trim() !== '```') j++;
    blocks.push({ line: start + 1, code: lines.slice(start, j).join('\n') });
    i = j;
  }
  return blocks;
}
