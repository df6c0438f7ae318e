// Inserts a call to __loop() at the top of every loop body in a compiled cell, so that a loop that
// never yields ends with a message at its cell instead of freezing the page (see guard.js).
import { Parser } from 'acorn';
import { simple } from 'acorn-walk';

const LOOPS = ['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement'];

export function protectLoops(body) {
  // The body is an arrow function expression; parse it as one.
  const ast = Parser.parseExpressionAt(body, 0, { ecmaVersion: 'latest', sourceType: 'module' });
  const edits = [];
  const visitor = {};
  for (const type of LOOPS) {
    visitor[type] = (node) => {
      const b = node.body;
      if (b.type === 'BlockStatement') edits.push([b.start + 1, '__loop();']);
      else { edits.push([b.start, '{__loop();']); edits.push([b.end, '}']); }
    };
  }
  simple(ast, visitor);
  edits.sort((a, b) => b[0] - a[0]);
  let out = body;
  for (const [at, text] of edits) out = out.slice(0, at) + text + out.slice(at);
  return out;
}
