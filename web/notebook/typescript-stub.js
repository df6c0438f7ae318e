// Stands in for the TypeScript compiler in the browser bundle: notebook-kit's transpiler imports it
// only for TypeScript cells, which rnnbook notebooks do not have (keeps ~3 MB out of the site).
const unsupported = () => { throw new SyntaxError('TypeScript cells are not supported; use ```js'); };
export const ModuleKind = {};
export const ScriptTarget = {};
export const transpile = unsupported;
export const createProgram = unsupported;
export const createSourceFile = unsupported;
export const isClassExpression = () => false;
export const isFunctionExpression = () => false;
export const isParenthesizedExpression = () => false;
export const isExpressionStatement = () => false;
export default {};
