/**
 * Loaded with `node --import` into every server a test starts (process.ts): the server stops as if told to
 * (SIGTERM) once the pipe on its standard input closes, which the kernel does when the test process is gone, even
 * after a SIGKILL. No server outlives the run that started it.
 */
process.stdin.once('end', () => process.kill(process.pid, 'SIGTERM'));
process.stdin.resume();
// Watching the pipe never keeps the server alive by itself.
process.stdin.unref();
