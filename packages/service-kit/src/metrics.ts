import type { RequestHandler } from 'express';
import { Router } from 'express';
import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';
import { routeTemplateOf } from './route-template.js';

/** Seconds; from a health probe (~1 ms) to a long training upload (minutes). */
const HTTP_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

type HttpLabel = 'method' | 'route' | 'status';

/**
 * One Prometheus registry per service: the process defaults (CPU, memory, GC, event-loop lag),
 * HTTP request count and latency by route template and status, and whatever the service adds
 * through counter(), gauge() and histogram(). Every series carries `service`, so one Prometheus can scrape
 * all three services without relabelling.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<HttpLabel>;
  private readonly duration: Histogram<HttpLabel>;
  private readonly inFlight: Gauge;

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    // Includes nodejs_eventloop_lag_seconds and the lag percentiles from perf_hooks' event-loop delay monitor.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
    this.requests = this.counter({
      name: 'tabula_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status ("aborted" when the client left first).',
      labelNames: ['method', 'route', 'status'],
    });
    this.duration = this.histogram({
      name: 'tabula_http_request_duration_seconds',
      help: 'Time from receiving a request to the end of its response, by method, route template and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS_S,
    });
    // What a shutdown drains and what a saturated service holds; also lets tests act on "the
    // request has reached this service" rather than on a guess of how long that takes.
    this.inFlight = this.gauge({
      name: 'tabula_http_requests_in_flight',
      help: 'HTTP requests received and not yet answered or abandoned (a scrape counts itself).',
    });
  }

  counter<L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
    return new Counter({ ...config, registers: [this.registry] });
  }

  /** A gauge; give it `collect` to read its value at scrape time. */
  gauge<L extends string>(config: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L> {
    return new Gauge({ ...config, registers: [this.registry] });
  }

  histogram<L extends string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
    return new Histogram({ ...config, registers: [this.registry] });
  }

  /** Times every request and counts it when its response closes, labelled by route template. */
  observeRequests(): RequestHandler {
    return (req, res, next) => {
      const startedAt = process.hrtime.bigint();
      this.inFlight.inc();
      res.once('close', () => {
        this.inFlight.dec();
        const labels = {
          method: KNOWN_METHODS.has(req.method) ? req.method : 'OTHER',
          route: routeTemplateOf(req),
          status: res.writableFinished ? String(res.statusCode) : 'aborted',
        };
        this.requests.inc(labels);
        this.duration.observe(labels, Number(process.hrtime.bigint() - startedAt) / 1e9);
      });
      next();
    };
  }

  /** GET /metrics in the Prometheus text exposition format. */
  routes(): Router {
    const router = Router();
    router.get('/metrics', async (_req, res) => {
      res.type(this.registry.contentType).send(await this.registry.metrics());
    });
    return router;
  }
}

export interface ModelLabels {
  model_name: string;
  model_version: string;
}

/** The label values every model beyond the cap shares. */
export const OTHER_MODEL = '_other';

/**
 * Model name and version as metric labels, with the number of distinct pairs capped: names come
 * from clients (only ones that exist, as callers label after resolving the model), but a registry
 * with thousands of versions must not become thousands of series per metric. Pairs beyond the cap
 * are counted together under "_other".
 */
export class BoundedModelLabels {
  private readonly seen = new Set<string>();

  constructor(private readonly maxPairs = 100) {}

  of(name: string, version: number): ModelLabels {
    const key = `${name}@${version}`;
    if (!this.seen.has(key)) {
      if (this.seen.size >= this.maxPairs) return { model_name: OTHER_MODEL, model_version: OTHER_MODEL };
      this.seen.add(key);
    }
    return { model_name: name, model_version: String(version) };
  }
}
