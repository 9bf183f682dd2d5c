import type { CostReport } from "./estimate.js";
import { ms, quantity, unitPrice, usd } from "./format.js";
import { assumptionLine, byFunction, comparisonLines, heading, measuredInputLines, measuredLine, routesLine, sourceText } from "./summary.js";
import type { Sweep, SweepRow } from "./sweep.js";
import { PLATFORM_NAME, type CostPlatform } from "./types.js";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const W = 640;
const H = 320;
const M = { top: 24, right: 110, bottom: 44, left: 70 };
const COLORS: Record<string, string> = { arm64: "#2563eb", x86_64: "#d97706" };

interface Series {
  /** The svg's class: `sweep-chart` (cost) or `sweep-duration-chart`. */
  kind: string;
  value: (r: SweepRow) => number;
  axis: string;
  tick: (v: number) => string;
  aria: string;
}

const COST: Series = { kind: "sweep-chart", value: (r) => r.monthlyUsd, axis: "USD / month", tick: usd, aria: "Monthly cost against memory" };
const DURATION: Series = { kind: "sweep-duration-chart", value: (r) => r.durationMs, axis: "ms per invocation", tick: ms, aria: "Duration against memory" };

/** One measure against memory for each architecture, the configured size marked: inline SVG, no scripts, no network. */
export function sweepChart(sweep: Sweep, series: Series = COST): string {
  const mems = sweep.rows.map((r) => r.memoryMb);
  const minX = Math.min(...mems);
  const maxX = Math.max(...mems);
  const maxY = Math.max(...sweep.rows.map(series.value), 0.01) * 1.1;
  // Log scale: memory sizes double (128, 256, 512 ...), so equal steps read as equal spacing.
  const span = Math.max(1e-9, Math.log2(maxX) - Math.log2(minX));
  const x = (mb: number) => M.left + ((Math.log2(mb) - Math.log2(minX)) / span) * (W - M.left - M.right);
  const y = (v: number) => H - M.bottom - (v / maxY) * (H - M.top - M.bottom);
  const parts: string[] = [];
  parts.push(`<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" stroke="#444"/>`);
  parts.push(`<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${H - M.bottom}" stroke="#444"/>`);
  for (let i = 0; i <= 4; i++) {
    const v = (maxY / 4) * i;
    parts.push(`<line x1="${M.left}" y1="${y(v).toFixed(1)}" x2="${W - M.right}" y2="${y(v).toFixed(1)}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${M.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11">${esc(series.tick(v))}</text>`);
  }
  const labelled = [1024, 2048, 4096, 10_240, 128, 256, 512];
  for (const mb of [...new Set(mems)]) {
    if (!labelled.includes(mb)) continue; // the steps in between are too close to label legibly on a log scale
    parts.push(`<text x="${x(mb).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle" font-size="11">${mb}</text>`);
  }
  const configured = sweep.rows.find((r) => r.configured);
  if (configured) {
    const cx = x(configured.memoryMb).toFixed(1);
    parts.push(`<line class="configured" data-memory="${configured.memoryMb}" x1="${cx}" y1="${M.top}" x2="${cx}" y2="${H - M.bottom}" stroke="#111" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${cx}" y="${M.top - 6}" text-anchor="middle" font-size="11">configured ${configured.memoryMb} MB</text>`);
  }
  parts.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 6}" text-anchor="middle" font-size="12">memory (MB, log scale)</text>`);
  parts.push(`<text x="14" y="${(M.top + H - M.bottom) / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 14 ${(M.top + H - M.bottom) / 2})">${esc(series.axis)}</text>`);
  const archs = [...new Set(sweep.rows.map((r) => r.arch))];
  archs.forEach((arch, i) => {
    const rows = sweep.rows.filter((r) => r.arch === arch);
    const color = COLORS[arch] ?? "#111";
    parts.push(`<polyline class="series" data-arch="${arch}" fill="none" stroke="${color}" stroke-width="2" points="${rows.map((r) => `${x(r.memoryMb).toFixed(1)},${y(series.value(r)).toFixed(1)}`).join(" ")}"/>`);
    for (const r of rows) {
      const marks = [r.cheapest ? "cheapest" : "", r.fastest ? "fastest" : "", r.balanced ? "balanced" : "", r.configured ? "configured" : ""].filter(Boolean);
      const label = `${r.memoryMb} MB ${r.arch}: ${usd(r.monthlyUsd)}/month, ${ms(r.durationMs)}${marks.map((m) => ` (${m})`).join("")}`;
      const ring = r.cheapest ? "#16a34a" : r.fastest ? "#7c3aed" : r.balanced ? "#db2777" : color;
      const marked = r.cheapest || r.fastest || r.balanced;
      parts.push(
        `<circle class="${["point", ...marks].join(" ")}" data-memory="${r.memoryMb}" data-arch="${r.arch}" data-usd="${r.monthlyUsd}" data-ms="${r.durationMs}" cx="${x(r.memoryMb).toFixed(1)}" cy="${y(series.value(r)).toFixed(1)}" r="${marked ? 6 : 3.5}" fill="${color}" stroke="${ring}" stroke-width="${marked ? 3 : 1}"><title>${esc(label)}</title></circle>`,
      );
    }
    parts.push(`<rect x="${W - M.right + 12}" y="${M.top + i * 18}" width="12" height="12" fill="${color}"/><text x="${W - M.right + 30}" y="${M.top + i * 18 + 10}" font-size="12">${arch}</text>`);
  });
  [["cheapest", "#16a34a"], ["fastest", "#7c3aed"], ["balanced", "#db2777"]].forEach(([name, stroke], i) => {
    parts.push(`<circle cx="${W - M.right + 18}" cy="${M.top + 48 + i * 18}" r="6" fill="none" stroke="${stroke}" stroke-width="3"/><text x="${W - M.right + 30}" y="${M.top + 52 + i * 18}" font-size="12">${name}</text>`);
  });
  return `<svg class="${series.kind}" data-function="${esc(sweep.function)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(`${series.aria} for ${sweep.function}`)}">${parts.join("")}</svg>`;
}

export function renderHtml(report: CostReport, sweeps: Sweep[]): string {
  const body: string[] = [`<h1>${esc(heading(report))}</h1>`];
  body.push(`<p class="total">${report.totalsByPlatform ? "Cheapest single platform" : "Total"}: <strong>${esc(usd(report.totalMonthlyUsd))}</strong> per month</p>`);
  for (const [fn, estimates] of byFunction(report)) {
    body.push(`<section><h2><code>${esc(fn)}</code></h2>`);
    if (estimates.length > 1) body.push(`<ul class="compare">${comparisonLines(estimates).map((t) => `<li>${esc(t)}</li>`).join("")}</ul>`);
    for (const e of estimates) {
      body.push(`<h3>${esc(PLATFORM_NAME[e.platform])}: ${esc(usd(e.monthlyUsd))}/month</h3>`);
      body.push(`<table><thead><tr><th>Item</th><th>Quantity</th><th>Unit price</th><th>Monthly</th></tr></thead><tbody>`);
      for (const l of e.lines) {
        const from = sourceText(l);
        body.push(`<tr${l.usd < 0 ? ' class="credit"' : ""}><td>${esc(l.item)}${from ? `<br><small class="source">${esc(from)}</small>` : ""}</td><td>${esc(`${quantity(l.quantity)} ${l.unit}`)}</td><td>${esc(unitPrice(l.unitPriceUsd))}</td><td>${esc(usd(l.usd))}</td></tr>`);
      }
      body.push(`</tbody></table><p class="assumes">Assumes: ${esc(assumptionLine(e))}</p>`);
      const a = e.assumptions;
      if (a.routes) body.push(`<p class="routes">${esc(routesLine(a.routes))}</p>`);
      if (a.measured) {
        const [weights, ...inputs] = measuredInputLines(a.measured);
        body.push(`<p class="measured">${esc(measuredLine(a.measured))}</p>`);
        if (weights) body.push(`<p class="measured">${esc(weights)}</p><ul class="measured-inputs">${inputs.map((l) => `<li>${esc(l)}</li>`).join("")}</ul>`);
      }
      if (a.defaulted.length) body.push(`<p class="defaults">Defaults used: ${esc(a.defaulted.join("; "))}</p>`);
      body.push(`<ul>${[...a.notes.map((n) => `<li>${esc(n)}</li>`), ...a.warnings.map((w) => `<li class="warn">${esc(w)}</li>`)].join("")}</ul>`);
    }
    const sweep = sweeps.find((s) => s.function === fn);
    if (sweep) {
      body.push(
        `<h3>AWS Lambda: monthly cost and duration against memory</h3>`,
        sweepChart(sweep, COST),
        sweepChart(sweep, DURATION),
        `<p class="model">${esc(sweep.model)}</p>`,
      );
    }
    body.push(`</section>`);
  }
  body.push(`<section><h2>Prices</h2><ul>`);
  for (const [p, s] of Object.entries(report.prices)) {
    body.push(`<li>${esc(PLATFORM_NAME[p as CostPlatform])}: ${esc(s.source)}, as of ${esc(s.asOf)}<ul>${s.details.map((d) => `<li>${esc(d.what)}: ${esc(d.source)}, as of ${esc(d.asOf)}</li>`).join("")}</ul></li>`);
  }
  body.push(`</ul>${report.notes.map((n) => `<p>${esc(n)}</p>`).join("")}</section>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(heading(report))}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#111}
table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.25rem .6rem;border-bottom:1px solid #e5e7eb;text-align:right}
td:first-child,th:first-child{text-align:left}tr.credit td{color:#16a34a}.warn{color:#b45309}
.defaults,.model,.assumes,.measured,.measured-inputs,.source{color:#555}svg{max-width:100%;height:auto;font-family:system-ui,sans-serif}
</style></head>
<body>
${body.join("\n")}
</body></html>
`;
}
