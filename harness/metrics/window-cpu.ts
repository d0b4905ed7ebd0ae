/**
 * This process's own CPU time (user + system, process.cpuUsage) over the measured window, as % of one core: read
 * at the window's start and end by timers, so it covers exactly the window. The runner's sampler reads every
 * process from outside once a second; this reading from inside is what its figure is checked against.
 * `percent()` is undefined until the window has ended (an interrupted cell).
 */
export function windowCpu(
  window: { measureStart: number; measureEnd: number },
  now: () => number = Date.now,
): { percent(): number | undefined; cancel(): void } {
  let start: { usage: NodeJS.CpuUsage; at: number } | undefined;
  let result: number | undefined;
  const begin = () => {
    start = { usage: process.cpuUsage(), at: performance.now() };
  };
  const end = () => {
    if (!start) return;
    const used = process.cpuUsage(start.usage);
    const elapsedMs = performance.now() - start.at;
    result = elapsedMs > 0 ? ((used.user + used.system) / 1000 / elapsedMs) * 100 : undefined;
  };
  const timers = [setTimeout(begin, Math.max(0, window.measureStart - now())), setTimeout(end, Math.max(0, window.measureEnd - now()))];
  // A window already running when this is set up (a processor told late) has no exact start: no figure.
  if (window.measureStart < now()) clearTimeout(timers[0]);
  for (const timer of timers) timer.unref();
  return {
    percent: () => result,
    cancel: () => {
      for (const timer of timers) clearTimeout(timer);
    },
  };
}
