import { main } from './program';

export { buildProgram, main } from './program';

const exitCode = await main(process.argv);
// `serve` keeps running and sets the exit code itself when it stops.
if (exitCode !== 0 || !process.argv.slice(2).some((a) => a === 'serve')) process.exitCode = exitCode;
