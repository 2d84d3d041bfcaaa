/**
 * Bytes per second, smoothed (exponential moving average over samples), and the seconds left when
 * the total is known. Smoothing keeps the ETA from jumping with every small file.
 */
export class ProgressRate {
  private lastTime: number | null = null;
  private lastBytes = 0;
  private lastItems = 0;
  rate: number | null = null;
  itemRate: number | null = null;

  constructor(private readonly halfLifeMs = 3000) {}

  sample(now: number, bytes: number, items: number): void {
    if (this.lastTime === null) {
      this.lastTime = now;
      this.lastBytes = bytes;
      this.lastItems = items;
      return;
    }
    const dt = now - this.lastTime;
    if (dt < 50) return;
    const alpha = 1 - Math.pow(0.5, dt / this.halfLifeMs);
    const r = (Math.max(0, bytes - this.lastBytes) * 1000) / dt;
    const ir = (Math.max(0, items - this.lastItems) * 1000) / dt;
    this.rate = this.rate === null ? r : this.rate + alpha * (r - this.rate);
    this.itemRate = this.itemRate === null ? ir : this.itemRate + alpha * (ir - this.itemRate);
    this.lastTime = now;
    this.lastBytes = bytes;
    this.lastItems = items;
  }

  eta(bytes: number, totalBytes: number | null, items: number, totalItems: number | null): number | null {
    if (totalBytes !== null && totalBytes > 0 && this.rate !== null && this.rate > 0) return Math.max(0, Math.round((totalBytes - bytes) / this.rate));
    if (totalItems !== null && totalItems > 0 && this.itemRate !== null && this.itemRate > 0) return Math.max(0, Math.round((totalItems - items) / this.itemRate));
    return null;
  }
}
