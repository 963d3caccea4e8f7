/**
 * Reads the two profiles of `--profile` (bench/profile.mjs) into top-N tables: a V8 CPU profile
 * (.cpuprofile, from node --cpu-prof) as self time per function, and a V8 sampling heap profile
 * (.heapprofile, from the inspector's HeapProfiler) as bytes allocated per allocation site. Both
 * key a function by name and location, so the same function reached by different paths is one row.
 */
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

/** "name path:line:column" of a call frame, with paths relative to the repository. */
function siteOf(callFrame, repoRoot) {
  const name = callFrame.functionName || "(anonymous)";
  if (!callFrame.url) return name;
  let file = callFrame.url;
  try {
    if (file.startsWith("file://")) file = relative(repoRoot, fileURLToPath(file));
  } catch {
    // Not a file URL we can map: keep it as it is.
  }
  return `${name} ${file}:${callFrame.lineNumber + 1}:${callFrame.columnNumber + 1}`;
}

/**
 * Self time per function from a .cpuprofile. Only the samples inside `windows.runUs` ([start, end]
 * on the profile's clock) count, and none inside `windows.harnessGcUs` (the harness's own full GCs
 * between samples, whose time is returned apart). Returns rows sorted by self time and the totals.
 */
export function cpuSelfTime(profile, repoRoot, windows) {
  const windowUs = windows?.runUs;
  const excluded = windows?.harnessGcUs ?? [];
  const inExcluded = (t) => excluded.some(([start, end]) => t >= start && t <= end);
  let harnessGcUs = 0;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  let time = profile.startTime;
  let totalUs = 0;
  let samples = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i];
    // A sample stands for the time up to the next one.
    const duration = profile.timeDeltas[i + 1] ?? 0;
    if (windowUs && (time < windowUs[0] || time > windowUs[1])) continue;
    if (inExcluded(time)) {
      harnessGcUs += duration;
      continue;
    }
    const node = nodes.get(profile.samples[i]);
    const site = siteOf(node.callFrame, repoRoot);
    selfUs.set(site, (selfUs.get(site) ?? 0) + duration);
    totalUs += duration;
    samples++;
  }
  const rows = [...selfUs]
    .map(([site, us]) => ({ site, ms: us / 1000, share: totalUs > 0 ? us / totalUs : 0 }))
    .sort((a, b) => b.ms - a.ms);
  return { rows, totalMs: totalUs / 1000, samples, harnessGcMs: harnessGcUs / 1000 };
}

/** Self time per source file (the same samples), to see which module the time is in. */
export function cpuSelfTimeByFile(rows) {
  const byFile = new Map();
  for (const row of rows) {
    const match = /\s(\S+):\d+:\d+$/.exec(row.site);
    const file = match ? match[1] : row.site;
    const entry = byFile.get(file) ?? { site: file, ms: 0, share: 0 };
    entry.ms += row.ms;
    entry.share += row.share;
    byFile.set(file, entry);
  }
  return [...byFile.values()].sort((a, b) => b.ms - a.ms);
}

/** Bytes sampled per allocation site (the allocating function's own allocations). */
export function allocationSites(profile, repoRoot) {
  const bytes = new Map();
  let total = 0;
  const visit = (node) => {
    if (node.selfSize > 0) {
      const site = siteOf(node.callFrame, repoRoot);
      bytes.set(site, (bytes.get(site) ?? 0) + node.selfSize);
      total += node.selfSize;
    }
    for (const child of node.children) visit(child);
  };
  visit(profile.head);
  const rows = [...bytes]
    .map(([site, size]) => ({ site, bytes: size, share: total > 0 ? size / total : 0 }))
    .sort((a, b) => b.bytes - a.bytes);
  return { rows, totalBytes: total };
}
