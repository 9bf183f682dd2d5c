import type { CostReport } from "./estimate.js";
import { ms, quantity, unitPrice, usd } from "./format.js";
import { assumptionLine, byFunction, heading } from "./summary.js";
import type { Sweep } from "./sweep.js";
import { PLATFORM_NAME, type CostPlatform } from "./types.js";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const W = 640;
const H = 320;
const M = { top: 20, right: 110, bottom: 44, left: 70 };
const COLORS: Record<string, string> = { arm64: "#2563eb", x86_64: "#d97706" };

/** Cost against memory for each architecture: inline SVG, no scripts, no network. */
export function sweepChart(sweep: Sweep): string {
  const mems = sweep.rows.map((r) => r.memoryMb);
  const minX = Math.min(...mems);
  const maxX = Math.max(...mems);
  const maxY = Math.max(...sweep.rows.map((r) => r.monthlyUsd), 0.01) * 1.1;
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
    parts.push(`<text x="${M.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11">${esc(usd(v))}</text>`);
  }
  for (const mb of [...new Set(mems)]) {
    if (mb === 1769) continue; // too close to 1536 and 2048 to label legibly
    parts.push(`<text x="${x(mb).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle" font-size="11">${mb}</text>`);
  }
  parts.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 6}" text-anchor="middle" font-size="12">memory (MB, log scale)</text>`);
  parts.push(`<text x="14" y="${(M.top + H - M.bottom) / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 14 ${(M.top + H - M.bottom) / 2})">USD / month</text>`);
  const archs = [...new Set(sweep.rows.map((r) => r.arch))];
  archs.forEach((arch, i) => {
    const rows = sweep.rows.filter((r) => r.arch === arch);
    const color = COLORS[arch] ?? "#111";
    parts.push(`<polyline class="series" data-arch="${arch}" fill="none" stroke="${color}" stroke-width="2" points="${rows.map((r) => `${x(r.memoryMb).toFixed(1)},${y(r.monthlyUsd).toFixed(1)}`).join(" ")}"/>`);
    for (const r of rows) {
      const label = `${r.memoryMb} MB ${r.arch}: ${usd(r.monthlyUsd)}/month, ${ms(r.durationMs)}${r.cheapest ? " (cheapest)" : ""}${r.fastest ? " (fastest)" : ""}`;
      parts.push(
        `<circle class="point${r.cheapest ? " cheapest" : ""}${r.fastest ? " fastest" : ""}" data-memory="${r.memoryMb}" data-arch="${r.arch}" data-usd="${r.monthlyUsd}" cx="${x(r.memoryMb).toFixed(1)}" cy="${y(r.monthlyUsd).toFixed(1)}" r="${r.cheapest || r.fastest ? 6 : 3.5}" fill="${color}" stroke="${r.cheapest ? "#16a34a" : r.fastest ? "#7c3aed" : color}" stroke-width="${r.cheapest || r.fastest ? 3 : 1}"><title>${esc(label)}</title></circle>`,
      );
    }
    parts.push(`<rect x="${W - M.right + 12}" y="${M.top + i * 18}" width="12" height="12" fill="${color}"/><text x="${W - M.right + 30}" y="${M.top + i * 18 + 10}" font-size="12">${arch}</text>`);
  });
  parts.push(`<circle cx="${W - M.right + 18}" cy="${M.top + 48}" r="6" fill="none" stroke="#16a34a" stroke-width="3"/><text x="${W - M.right + 30}" y="${M.top + 52}" font-size="12">cheapest</text>`);
  parts.push(`<circle cx="${W - M.right + 18}" cy="${M.top + 66}" r="6" fill="none" stroke="#7c3aed" stroke-width="3"/><text x="${W - M.right + 30}" y="${M.top + 70}" font-size="12">fastest</text>`);
  return `<svg class="sweep-chart" data-function="${esc(sweep.function)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(`Monthly cost against memory for ${sweep.function}`)}">${parts.join("")}</svg>`;
}

export function renderHtml(report: CostReport, sweeps: Sweep[]): string {
  const body: string[] = [`<h1>${esc(heading(report))}</h1>`];
  body.push(`<p class="total">${report.totalsByPlatform ? "Cheapest single platform" : "Total"}: <strong>${esc(usd(report.totalMonthlyUsd))}</strong> per month</p>`);
  for (const [fn, estimates] of byFunction(report)) {
    body.push(`<section><h2><code>${esc(fn)}</code></h2>`);
    for (const e of estimates) {
      body.push(`<h3>${esc(PLATFORM_NAME[e.platform])}: ${esc(usd(e.monthlyUsd))}/month</h3>`);
      body.push(`<table><thead><tr><th>Item</th><th>Quantity</th><th>Unit price</th><th>Monthly</th></tr></thead><tbody>`);
      for (const l of e.lines) {
        body.push(`<tr${l.usd < 0 ? ' class="credit"' : ""}><td>${esc(l.item)}</td><td>${esc(`${quantity(l.quantity)} ${l.unit}`)}</td><td>${esc(unitPrice(l.unitPriceUsd))}</td><td>${esc(usd(l.usd))}</td></tr>`);
      }
      body.push(`</tbody></table><p class="assumes">Assumes: ${esc(assumptionLine(e))}</p>`);
      const a = e.assumptions;
      if (a.defaulted.length) body.push(`<p class="defaults">Defaults used: ${esc(a.defaulted.join("; "))}</p>`);
      body.push(`<ul>${[...a.notes.map((n) => `<li>${esc(n)}</li>`), ...a.warnings.map((w) => `<li class="warn">${esc(w)}</li>`)].join("")}</ul>`);
    }
    const sweep = sweeps.find((s) => s.function === fn);
    if (sweep) {
      body.push(`<h3>AWS Lambda: monthly cost against memory</h3>`, sweepChart(sweep), `<p class="model">${esc(sweep.model)}</p>`);
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
.defaults,.model,.assumes{color:#555}svg{max-width:100%;height:auto;font-family:system-ui,sans-serif}
</style></head>
<body>
${body.join("\n")}
</body></html>
`;
}
