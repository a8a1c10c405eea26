'use strict';
// The floor's per-request metrics, in plain typed arrays resolved once per (method, route,
// status): what Sightline observes for every request. The duration histogram (with the
// sampled span's ids as the bucket's exemplar), the response and request body size
// histograms, the in-flight gauge, and the APM transaction statistics (count, errors, Apdex
// zones, sum, min, max and a log-bucketed latency histogram, for all time and two sliding
// windows of 1 and 5 minutes). Exposition (the scrape) is not on the request path and is left out.

// The SDK's default buckets (config/schema.ts).
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const SIZE_BUCKETS = [100, 1000, 10_000, 100_000, 1_000_000, 10_000_000];
// APM's latency scale (apm/latency-buckets.ts): 10 µs to 1,000 s in steps of 4 %.
const GAMMA = 1.04;
const LOWEST_MS = 0.01;
const LATENCY_BUCKETS = Math.ceil(Math.log(1_000_000 / LOWEST_MS) / Math.log(GAMMA));
const INVERSE_LOG_GAMMA = 1 / Math.log(GAMMA);
const APDEX_T_MS = 500;

class Histogram {
  constructor(bounds) {
    this.bounds = bounds;
    this.counts = new Float64Array(bounds.length + 1);
    this.sum = 0;
    this.count = 0;
  }

  observe(value) {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]) i++;
    this.counts[i]++;
    this.sum += value;
    this.count++;
    return i;
  }
}

/** A duration histogram whose buckets keep the latest sampled request's ids (OpenMetrics exemplars). */
class DurationHistogram extends Histogram {
  constructor() {
    super(DURATION_BUCKETS);
    const slots = DURATION_BUCKETS.length + 1;
    this.exemplarTraceIds = new Array(slots).fill('');
    this.exemplarSpanIds = new Array(slots).fill('');
    this.exemplarValues = new Float64Array(slots);
    this.exemplarTimes = new Float64Array(slots);
  }

  observeWithExemplar(value, traceId, spanId) {
    const i = this.observe(value);
    this.exemplarTraceIds[i] = traceId;
    this.exemplarSpanIds[i] = spanId;
    this.exemplarValues[i] = value;
    this.exemplarTimes[i] = Date.now() / 1000;
  }
}

/** One window's totals: [count, errors, satisfied, tolerating, sumMs, minMs, maxMs], then the latency buckets. */
const FIXED = 7;
function windowCounts() {
  const counts = new Float64Array(FIXED + LATENCY_BUCKETS);
  counts[5] = Number.POSITIVE_INFINITY;
  return counts;
}

function addTo(counts, bucket, durationMs, error, zone) {
  counts[0]++;
  if (error) counts[1]++;
  if (zone === 0) counts[2]++;
  else if (zone === 1) counts[3]++;
  counts[4] += durationMs;
  if (durationMs < counts[5]) counts[5] = durationMs;
  if (durationMs > counts[6]) counts[6] = durationMs;
  counts[FIXED + bucket]++;
}

/** Slots of `slotMs` in a ring, rotated lazily when a request lands in a later slot. */
class SlidingWindow {
  constructor(slotMs, slots) {
    this.slotMs = slotMs;
    this.slots = Array.from({ length: slots }, windowCounts);
    this.head = -1;
    this.endsAt = Number.NEGATIVE_INFINITY;
    this.current = this.slots[0];
  }

  at(nowMs) {
    if (nowMs < this.endsAt) return this.current;
    const slot = Math.floor(nowMs / this.slotMs);
    const clear = Math.min(slot - this.head, this.slots.length);
    for (let i = 1; i <= clear; i++) {
      const counts = this.slots[(slot - clear + i) % this.slots.length];
      counts.fill(0);
      counts[5] = Number.POSITIVE_INFINITY;
    }
    this.head = slot;
    this.current = this.slots[slot % this.slots.length];
    this.endsAt = (slot + 1) * this.slotMs;
    return this.current;
  }
}

class TransactionRecord {
  constructor() {
    this.all = windowCounts();
    this.oneMinute = new SlidingWindow(10_000, 6);
    this.fiveMinutes = new SlidingWindow(60_000, 5);
  }

  record(durationMs, status, nowMs) {
    const error = status >= 500;
    const zone = error || durationMs > 4 * APDEX_T_MS ? 2 : durationMs <= APDEX_T_MS ? 0 : 1;
    const bucket =
      durationMs > LOWEST_MS ? Math.min(Math.floor(Math.log(durationMs / LOWEST_MS) * INVERSE_LOG_GAMMA), LATENCY_BUCKETS - 1) : 0;
    addTo(this.all, bucket, durationMs, error, zone);
    addTo(this.oneMinute.at(nowMs), bucket, durationMs, error, zone);
    addTo(this.fiveMinutes.at(nowMs), bucket, durationMs, error, zone);
  }
}

/** The metric series of one (method, route): by status, resolved on the first request of each. */
class RouteMetrics {
  constructor() {
    this.byStatus = [];
    this.requestSize = new Histogram(SIZE_BUCKETS);
    this.transactions = new TransactionRecord();
  }

  status(code) {
    let series = this.byStatus[code];
    if (series === undefined) {
      series = { duration: new DurationHistogram(), responseSize: new Histogram(SIZE_BUCKETS) };
      this.byStatus[code] = series;
    }
    return series;
  }
}

const gauges = { activeRequests: 0 };

module.exports = { RouteMetrics, gauges };
