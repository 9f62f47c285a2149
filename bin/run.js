// Shared by the bins: load a compiled CLI module and run its `main` with the arguments.
import { fileURLToPath } from 'node:url';

// A reader that goes away (`| head`) ends the program quietly, not with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

/**
 * @param {string} cli the compiled module, relative to `from`
 * @param {string} from the bin's `import.meta.url`
 */
export async function run(cli, from) {
  const path = fileURLToPath(new URL(cli, from));
  let main;
  try {
    ({ main } = await import(new URL(cli, from).href));
  } catch (error) {
    // Only the CLI module itself missing means "not built"; anything else is a real error.
    if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).startsWith(`Cannot find module '${path}'`)) {
      process.stderr.write(`${path} is missing: run \`npm run build\` in the kit's directory\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
  process.exitCode = await main(process.argv.slice(2));
}
