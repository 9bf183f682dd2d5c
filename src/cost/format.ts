/** Display-only rounding: reports keep full precision in JSON. */
export function usd(n: number): string {
  const sign = n < 0 ? "-" : "";
  const a = Math.abs(n);
  if (a === 0) return "$0.00";
  if (a < 0.01) return `${sign}$${Number(a.toPrecision(2))}`;
  return `${sign}$${a.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function unitPrice(n: number): string {
  if (n === 0) return "$0";
  const sign = n < 0 ? "-" : "";
  const a = Math.abs(n);
  if (a >= 0.01) return `${sign}$${Number(a.toPrecision(6)).toLocaleString("en-US", { maximumFractionDigits: 6 })}`;
  return `${sign}$${Number(a.toPrecision(6)).toFixed(Math.min(20, Math.max(2, 1 - Math.floor(Math.log10(a)) + 5))).replace(/0+$/, "")}`;
}

export function quantity(n: number): string {
  const a = Math.abs(n);
  const digits = a >= 100 ? 0 : a >= 1 ? 2 : 4;
  return n.toLocaleString("en-US", { maximumFractionDigits: digits });
}

export function compactCount(n: number): string {
  if (n >= 1e9) return `${Number((n / 1e9).toPrecision(4))}B`;
  if (n >= 1e6) return `${Number((n / 1e6).toPrecision(4))}M`;
  if (n >= 1e3) return `${Number((n / 1e3).toPrecision(4))}k`;
  return String(n);
}

export function ms(n: number): string {
  return `${Number(n.toPrecision(4)).toLocaleString("en-US")} ms`;
}

/** Proportional bar; credits draw with a lighter block so they read as subtractions. */
export function bar(value: number, max: number, width = 20): string {
  if (max <= 0 || value === 0) return "";
  const n = Math.max(1, Math.round((Math.abs(value) / max) * width));
  return (value < 0 ? "░" : "█").repeat(n);
}

export function pad(text: string, width: number, right = false): string {
  const len = [...text].length;
  if (len >= width) return text;
  return right ? " ".repeat(width - len) + text : text + " ".repeat(width - len);
}
