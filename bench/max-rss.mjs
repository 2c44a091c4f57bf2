// Runs the aipc CLI in this process and reports its peak resident set size on exit (stderr line
// `maxRSS <KiB>`), so the benchmark can measure memory without an external `time` binary.
// also its CPU time (user + system, µs), which a loaded machine does not inflate as it does wall time
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\nmaxRSS ${u.maxRSS}\ncpu ${u.userCPUTime + u.systemCPUTime}\n`);
});
process.argv[1] = new URL('../bin/aipc.js', import.meta.url).pathname; // as if bin/aipc.js were run directly
await import('../bin/aipc.js');
