/**
 * chart.svg, drawn here without a plotting library. One row per workload; in each row one bar per
 * implementation, placed on a log axis relative to the row's reference (the floor; for the suite,
 * the node environment). Rows where lower is better (latency, memory, wall time) are inverted, so
 * that on every row a longer bar is better. Red dashed lines mark where workers-ws meets a target.
 */
import { formatRatio, formatValue, LABELS } from "./model.mjs";

const COLORS = {
  "workers-ws-env": "#c5221f",
  "workers-ws": "#f38020",
  "workers-ws-no-transcript": "#f9b27a",
  floor: "#9aa0a6",
  "floor-copying": "#5f6368",
  miniflare2: "#3b78d8",
  node: "#9aa0a6",
};
const OPS = { ">=": "≥", "<=": "≤" };

function escapeXml(text) {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** Position relative to the reference, oriented so that larger is better. */
function score(workload, value, reference) {
  if (value === undefined || reference === undefined) return undefined;
  return workload.better === "higher" ? value / reference : reference / value;
}

function rowsOf(results) {
  const rows = [];
  for (const [name, w] of Object.entries(results.workloads)) {
    const referenceName = name === "suite" ? "node" : "floor";
    const reference = w.byImplementation[referenceName]?.value;
    const order =
      name === "suite"
        ? ["workers-ws", "node"]
        : [
            "workers-ws-env",
            "workers-ws",
            "workers-ws-no-transcript",
            "floor",
            "floor-copying",
            "miniflare2",
          ];
    const bars = order
      .filter((impl) => w.byImplementation[impl] && !w.byImplementation[impl].failed)
      .map((impl) => {
        const value = w.byImplementation[impl].value;
        return { impl, value, score: score(w, value, reference) };
      });
    const scoreOf = (impl) => bars.find((b) => b.impl === impl)?.score;
    // The suite's row is its own size: the target at its largest size is in the scaling table.
    const targets = results.targets
      .filter((t) => t.workload === name && t.at !== "largest" && scoreOf(t.against) !== undefined)
      .map((t) => ({
        ...t,
        // judged ÷ against ≥ r (higher is better) or ≤ r (lower is better), moved onto this row's axis.
        at: t.op === ">=" ? t.ratio * scoreOf(t.against) : scoreOf(t.against) / t.ratio,
      }));
    rows.push({ name, w, bars, targets });
  }
  return rows;
}

export function renderChart(results) {
  const rows = rowsOf(results);
  const width = 980;
  const labelWidth = 300;
  const plotLeft = labelWidth + 10;
  const plotRight = 760;
  const barHeight = 14;
  const barGap = 4;
  const rowGap = 26;
  const top = 78;

  const values = rows.flatMap((r) => [...r.bars.map((b) => b.score), ...r.targets.map((t) => t.at)]);
  const finite = values.filter((v) => v !== undefined && Number.isFinite(v) && v > 0);
  const lo = 10 ** Math.min(-1, Math.floor(Math.log10(Math.min(...finite)) - 0.05));
  const hi = 10 ** Math.max(1, Math.ceil(Math.log10(Math.max(...finite)) + 0.05));
  const x = (v) =>
    plotLeft +
    ((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (plotRight - plotLeft);

  const parts = [];
  let y = top;
  const rowBoxes = [];
  for (const row of rows) {
    const height = row.bars.length * (barHeight + barGap) - barGap;
    rowBoxes.push({ row, y, height });
    y += Math.max(height, 44) + rowGap;
  }
  const plotBottom = y - rowGap + 8;
  const legendY = plotBottom + 62;
  const height = legendY + 30;

  // Grid: one line per power of ten.
  for (let e = Math.log10(lo); e <= Math.log10(hi) + 1e-9; e++) {
    const v = 10 ** e;
    const gx = x(v).toFixed(1);
    parts.push(
      `<line x1="${gx}" y1="${top - 8}" x2="${gx}" y2="${plotBottom}" stroke="${e === 0 ? "#5f6368" : "#dadce0"}" stroke-width="${e === 0 ? 1.5 : 1}"/>`,
      `<text x="${gx}" y="${plotBottom + 16}" text-anchor="middle" class="axis">${escapeXml(`${Number(v.toPrecision(1))}×`)}</text>`,
    );
  }
  parts.push(
    `<text x="${(plotLeft + plotRight) / 2}" y="${plotBottom + 32}" text-anchor="middle" class="axis">relative to the reference (floor; node environment for the suite), log scale — right is better</text>`,
  );

  for (const { row, y: rowY } of rowBoxes) {
    const { w } = row;
    const met = row.targets.map((t) => `${OPS[t.op]} ${t.ratio}× ${LABELS[t.against]} ${t.met ? "✓" : "✗"}`);
    parts.push(
      `<text x="12" y="${rowY + 11}" class="title">${escapeXml(w.title)}</text>`,
      `<text x="12" y="${rowY + 25}" class="detail">${escapeXml(w.detail)}</text>`,
      `<text x="12" y="${rowY + 39}" class="detail">${escapeXml(met.length ? `target: ${met.join(", ")}` : "no target")}</text>`,
    );
    for (const t of row.targets) {
      const tx = x(t.at).toFixed(1);
      parts.push(
        `<line x1="${tx}" y1="${rowY - 5}" x2="${tx}" y2="${rowY + barHeight + 5}" stroke="#d93025" stroke-width="2" stroke-dasharray="4 3"><title>${escapeXml(`target ${OPS[t.op]} ${t.ratio}× ${LABELS[t.against]}`)}</title></line>`,
      );
    }
    const labels = [];
    row.bars.forEach((bar, i) => {
      const by = rowY + i * (barHeight + barGap);
      if (bar.score === undefined || !Number.isFinite(bar.score)) return;
      const bw = Math.max(1, x(bar.score) - plotLeft);
      const name =
        row.name === "suite" ? (bar.impl === "node" ? "node env" : "workers-ws env") : LABELS[bar.impl];
      const variantRatios = w.ratiosByVariant?.[bar.impl];
      const versus =
        variantRatios && row.name !== "suite"
          ? ` (${formatRatio(variantRatios.floor)} floor, ${formatRatio(variantRatios.miniflare2)} Miniflare 2)`
          : bar.impl === "workers-ws"
            ? ` (${formatRatio(w.ratios.node)} node env)`
            : "";
      parts.push(
        `<rect x="${plotLeft}" y="${by}" width="${bw.toFixed(1)}" height="${barHeight}" fill="${COLORS[bar.impl]}" rx="2"><title>${escapeXml(`${name}: ${formatValue(bar.value, w.unit)}`)}</title></rect>`,
      );
      labels.push(
        `<text x="${(plotLeft + bw + 6).toFixed(1)}" y="${by + barHeight - 3}" class="value">${escapeXml(`${name}: ${formatValue(bar.value, w.unit)}${versus}`)}</text>`,
      );
    });
    parts.push(...labels);
  }

  const legend = [
    ["workers-ws-env", "environment"],
    ["workers-ws", "bare runtime"],
    ["workers-ws-no-transcript", "transcript off"],
    ["floor", "floor / node env"],
    ["floor-copying", "copying floor"],
    ["miniflare2", "Miniflare 2"],
  ];
  const legendStep = 125;
  legend.forEach(([key, label], i) => {
    const lx = 12 + i * legendStep;
    parts.push(
      `<rect x="${lx}" y="${legendY - 10}" width="12" height="12" fill="${COLORS[key]}" rx="2"/>`,
      `<text x="${lx + 18}" y="${legendY}" class="legend">${escapeXml(label)}</text>`,
    );
  });
  const targetX = 12 + legend.length * legendStep;
  parts.push(
    `<line x1="${targetX}" y1="${legendY - 12}" x2="${targetX}" y2="${legendY + 2}" stroke="#d93025" stroke-width="2" stroke-dasharray="4 3"/>`,
    `<text x="${targetX + 6}" y="${legendY}" class="legend">target</text>`,
  );

  const m = results.machine;
  const subtitle = `${results.generatedAt.slice(0, 10)} · ${m.cpu} · ${m.cores} cores · Node ${m.node}${results.quick ? " · QUICK RUN, not for quoting" : ""}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title" font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif">
<title id="chart-title">${escapeXml(`workers-ws benchmarks relative to a floor, Miniflare 2 and the node environment (${subtitle})`)}</title>
<style>
  .heading { font-size: 17px; font-weight: 600; fill: #202124; }
  .sub { font-size: 12px; fill: #5f6368; }
  .title { font-size: 13px; font-weight: 600; fill: #202124; }
  .detail { font-size: 11px; fill: #5f6368; }
  .value { font-size: 11px; fill: #202124; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; stroke-linejoin: round; }
  .axis { font-size: 11px; fill: #5f6368; }
  .legend { font-size: 12px; fill: #202124; }
</style>
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="12" y="26" class="heading">workers-ws benchmarks: against a floor, Miniflare 2 and Vitest's node environment</text>
<text x="12" y="46" class="sub">${escapeXml(subtitle)}</text>
${parts.join("\n")}
</svg>
`;
}
