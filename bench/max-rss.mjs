// Runs the aipc CLI in this process and reports its peak resident set size on exit (stderr line
// `maxRSS <KiB>`), so the benchmark can measure memory without an external `time` binary.
process.on('exit', () => process.stderr.write(`\nmaxRSS ${process.resourceUsage().maxRSS}\n`));
process.argv[1] = new URL('../bin/aipc.js', import.meta.url).pathname; // as if bin/aipc.js were run directly
await import('../bin/aipc.js');
