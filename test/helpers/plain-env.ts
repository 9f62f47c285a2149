/**
 * The environment for a child process that must run as a user runs it: without
 * what tap injects (its NODE_OPTIONS hook and TAP_* settings).
 */
export function plainEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => key !== 'NODE_OPTIONS' && !/^_?TAP/.test(key)));
}
