// Preloaded (--import) into a server for B7 only: on SIGUSR2, a forced GC (needs --expose-gc),
// then one `BENCH-MEM {...}` line on stderr with the process's memory.
process.on('SIGUSR2', () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  process.stderr.write(`BENCH-MEM ${JSON.stringify({ rss, heapUsed })}\n`);
});
