// Loaded with `node --import` by the benches: at exit, writes the process's CPU time and peak RSS
// (getrusage) to standard error as "KEYSTONE_RUSAGE {json}".
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(
    `\nKEYSTONE_RUSAGE ${JSON.stringify({ cpu_ms: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000), max_rss_kb: usage.maxRSS })}\n`,
  );
});
