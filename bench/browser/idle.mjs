// What a page costs while nobody uses it: the machine on screen, waiting for a card. A kiosk
// demo or a training portal's iframe can sit like that for hours, so anything that keeps
// repainting (an endless CSS animation of a painted property, a timer that redraws) shows here.
// Two figures over a window of IDLE_WINDOW_MS, taken IDLE_SETTLE_MS after the page is ready:
//   - the renderer's main thread: the task time Chromium reports (CDP Performance.getMetrics,
//     TaskDuration);
//   - the whole browser: the CPU time of every process this benchmark started (Chromium's
//     browser, renderer, GPU and utility processes), read from /proc; Linux only.

import { readdirSync, readFileSync } from 'node:fs';
import { openSettled } from './harness.mjs';

const SETTLE_MS = Number(process.env.IDLE_SETTLE_MS || 10_000);
const WINDOW_MS = Number(process.env.IDLE_WINDOW_MS || 5_000);

/** The CPU time (user + system, ms) of every process below this one, or undefined off Linux. */
function descendantsCpuMs() {
  let entries;
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  const children = new Map();
  const ticks = new Map();
  for (const pid of entries) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // Fields after the command name (which may hold spaces): state ppid … utime(14) stime(15).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = f[1];
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
    ticks.set(pid, Number(f[11]) + Number(f[12]));
  }
  let total = 0;
  const walk = (pid) => {
    for (const child of children.get(pid) ?? []) {
      total += ticks.get(child);
      walk(child);
    }
  };
  walk(String(process.pid));
  // USER_HZ is 100 on Linux: one tick is 10 ms.
  return total * 10;
}

/**
 * Opens `url` in a fresh context of `browser`, waits until `ready` (a function body run in the
 * page) holds and SETTLE_MS more, then measures WINDOW_MS. Resolves to { mainMs, cpuMs } per
 * second (cpuMs undefined off Linux). Nothing else may run in the browser meanwhile.
 */
export async function idleCost(browser, url, ready) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await openSettled(page, url, ready, SETTLE_MS);
    const taskSeconds = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
    const [main0, cpu0] = [await taskSeconds(), descendantsCpuMs()];
    await page.waitForTimeout(WINDOW_MS);
    const [main1, cpu1] = [await taskSeconds(), descendantsCpuMs()];
    const perSecond = 1000 / WINDOW_MS;
    return {
      mainMs: (main1 - main0) * 1000 * perSecond,
      cpuMs: cpu0 === undefined ? undefined : (cpu1 - cpu0) * perSecond,
    };
  } finally {
    await context.close();
  }
}

/** What `idleCost` measured, as the benchmark prints it. */
export function describeIdle({ mainMs, cpuMs }) {
  const cpu = cpuMs === undefined ? 'n/a (needs /proc)' : `${cpuMs.toFixed(0)} ms/s (${(cpuMs / 10).toFixed(1)} % of a core)`;
  return `main thread ${mainMs.toFixed(1)} ms/s, whole browser ${cpu}`;
}

export const IDLE_SETTINGS = `${SETTLE_MS / 1000} s after it is ready, over ${WINDOW_MS / 1000} s`;
