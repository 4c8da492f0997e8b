/**
 * Samples ordered by time, oldest first, for sliding windows: appends are O(1) when samples
 * arrive in order (a late one is inserted in place), old ones are dropped from the front, and
 * a time range is found by binary search.
 */
export class SampleWindow<T extends { atMs: number }> {
  private items: T[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  add(sample: T): void {
    const items = this.items;
    let at = items.length;
    while (at > this.head && items[at - 1]!.atMs > sample.atMs) at--;
    if (at === items.length) items.push(sample);
    else items.splice(at, 0, sample);
  }

  /** Forgets every sample older than `cutoffMs`. */
  dropBefore(cutoffMs: number): void {
    this.head = this.firstIndexAtOrAfter(cutoffMs);
    // Compact now and then so the dropped prefix does not grow without bound.
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** Samples with `startMs < atMs <= endMs`, oldest first. */
  between(startMs: number, endMs: number): T[] {
    return this.items.slice(this.firstIndexAfter(startMs), this.firstIndexAfter(endMs));
  }

  private firstIndexAfter(ms: number): number {
    let lo = this.head;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid]!.atMs <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private firstIndexAtOrAfter(ms: number): number {
    let lo = this.head;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid]!.atMs < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
