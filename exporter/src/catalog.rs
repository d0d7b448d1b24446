//! The five stacks' metric families and the incident schedule they share.
//!
//! Contract: [`build`] returns every family of every stack, in exposition order (stack by stack);
//! the shapes use the window constants below, and [`incidents`] describes the same windows as
//! data. Offsets are seconds from the start of each hourly period (`anchor + k·3600`, any integer
//! `k`, negative included). Outside the windows every threshold in the seed guides is comfortably
//! met; inside, each listed condition holds for the whole window.

use crate::model::{Child, Def, Dist, Family, Kind, Stack};
use crate::shape::{organic, Seg, Shape};

type Labels = Vec<(&'static str, String)>;

/// A scheduled incident window (periodic, every 3600 s from the anchor).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Incident {
    pub stack: Stack,
    /// The alert (from the stack's guide) this window makes fire.
    pub alert: &'static str,
    /// The condition against this exporter's series (PromQL), true for the whole window.
    pub condition: &'static str,
    /// When the visible disturbance begins (ramps, earlier steps), seconds after the period start.
    pub onset_offset_s: f64,
    /// Start of the window in which the condition holds, seconds after each period start
    /// (`anchor + k·3600`).
    pub start_offset_s: f64,
    pub duration_s: f64,
    /// The `for` duration of the guide's alert (or the one we assume where the guide gives none).
    pub for_s: f64,
    /// The value outside incidents, and inside this window.
    pub normal: &'static str,
    pub during: &'static str,
}

impl Incident {
    pub fn end_offset_s(&self) -> f64 {
        self.start_offset_s + self.duration_s
    }
}

// AniVault: the database goes away [150, 870): breaker open, syncs fail, cache invalidated;
// breaker half-open [870, 990); reconciliation catches up [870, 1290).
const ANI: (f64, f64) = (150.0, 870.0);
const ANI_HALF_OPEN_TO: f64 = 990.0;
const ANI_RECON_TO: f64 = 1290.0;
// Magacin: 5xx + slow /api/scan [180, 780); websocket disconnect storm [240, 720); memory above
// 90 % on the plateau [420, 1080) (60 s ramps either side).
const MAG_ERR: (f64, f64) = (180.0, 780.0);
const MAG_WS: (f64, f64) = (240.0, 720.0);
const MAG_MEM: (f64, f64) = (420.0, 1080.0);
// Integration: elasticsearch degraded [120, 900), down [900, 1620).
const INT_DEG: (f64, f64) = (120.0, 900.0);
const INT_DOWN: (f64, f64) = (900.0, 1620.0);
// MueJam: Redis at maxmemory, evictions, hit rate collapse [240, 960); replication lag ramps
// [300, 540) to a 40 s plateau [540, 1140), recovers by 1200.
const MUE_CACHE: (f64, f64) = (240.0, 960.0);
const MUE_LAG_PLATEAU: (f64, f64) = (540.0, 1140.0);
// SpherosegV4: latency climbs in four steps of p95 ≈ 0.8 / 1.6 / 3.2 / 4.5 s over
// [300, 540), [540, 780), [780, 1140), [1140, 1500); ML queue plateau [600, 1200) (ramps 180 s).
const SPH_STEPS: [(f64, f64, f64); 4] = [
    (300.0, 540.0, 0.35),
    (540.0, 780.0, 0.7),
    (780.0, 1140.0, 1.4),
    (1140.0, 1500.0, 2.0),
];
const SPH_SLOW: (f64, f64) = (780.0, 1500.0);
const SPH_QUEUE: (f64, f64) = (600.0, 1200.0);

static INCIDENTS: [Incident; 16] = [
    Incident {
        stack: Stack::Anivault,
        alert: "CircuitBreakerOpen",
        condition: "anivault_circuit_breaker_state{breaker=\"database\"} == 1",
        onset_offset_s: ANI.0,
        start_offset_s: ANI.0,
        duration_s: ANI.1 - ANI.0,
        for_s: 60.0,
        normal: "0 (closed)",
        during: "1 (open), then 2 (half-open) for 120 s after the window",
    },
    Incident {
        stack: Stack::Anivault,
        alert: "DatabaseUnhealthy",
        condition: "anivault_database_health_status == 0",
        onset_offset_s: ANI.0,
        start_offset_s: ANI.0,
        duration_s: ANI.1 - ANI.0,
        for_s: 60.0,
        normal: "1",
        during: "0",
    },
    Incident {
        stack: Stack::Anivault,
        alert: "SyncFailureRateCritical",
        condition: "sum(rate(anivault_sync_operations_total{status=\"failure\"}[5m])) / sum(rate(anivault_sync_operations_total[5m])) > 0.3",
        onset_offset_s: ANI.0,
        start_offset_s: ANI.0,
        duration_s: ANI.1 - ANI.0,
        for_s: 120.0,
        normal: "≈ 1 %",
        during: "≈ 53 %",
    },
    Incident {
        stack: Stack::Anivault,
        alert: "CacheHitRateCritical",
        condition: "anivault_cache_hit_rate < 20",
        onset_offset_s: ANI.0,
        start_offset_s: ANI.0,
        duration_s: ANI.1 - ANI.0,
        for_s: 120.0,
        normal: "≈ 89 (percent)",
        during: "≈ 12",
    },
    Incident {
        stack: Stack::Magacin,
        alert: "HighErrorRate",
        condition: "sum(rate(http_requests_total{status=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m])) > 0.02",
        onset_offset_s: MAG_ERR.0,
        start_offset_s: MAG_ERR.0,
        duration_s: MAG_ERR.1 - MAG_ERR.0,
        for_s: 120.0,
        normal: "0 (no 5xx series moves outside incidents)",
        during: "≈ 7.5 % (502 on /api/scan, 503 on /api/tasks, 500 on task-service /tasks)",
    },
    Incident {
        stack: Stack::Magacin,
        alert: "HighScanLatency",
        condition: "histogram_quantile(0.95, rate(http_request_duration_seconds_bucket{endpoint=\"/api/scan\"}[5m])) > 0.3",
        onset_offset_s: MAG_ERR.0,
        start_offset_s: MAG_ERR.0,
        duration_s: MAG_ERR.1 - MAG_ERR.0,
        for_s: 60.0,
        normal: "≈ 0.17 s",
        during: "≈ 1 s",
    },
    Incident {
        stack: Stack::Magacin,
        alert: "WebSocketDisconnectSpike",
        condition: "increase(websocket_disconnections_total[5m]) > 10",
        onset_offset_s: MAG_WS.0,
        start_offset_s: MAG_WS.0,
        duration_s: MAG_WS.1 - MAG_WS.0,
        for_s: 60.0,
        normal: "≈ 1 per 5 min",
        during: "≈ 60 per 5 min; websocket_active_connections drops by 45",
    },
    Incident {
        stack: Stack::Magacin,
        alert: "HighMemoryUsage",
        condition: "(node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes) / node_memory_MemTotal_bytes > 0.9",
        onset_offset_s: MAG_MEM.0 - 60.0,
        start_offset_s: MAG_MEM.0,
        duration_s: MAG_MEM.1 - MAG_MEM.0,
        for_s: 300.0,
        normal: "≈ 0.62",
        during: "≈ 0.95 (import-service RSS +9.5 GB; 60 s ramps before and after)",
    },
    Incident {
        stack: Stack::Integration,
        alert: "DestinationDegraded",
        condition: "destination_health_status{destination=\"elasticsearch\"} == 0.5",
        onset_offset_s: INT_DEG.0,
        start_offset_s: INT_DEG.0,
        duration_s: INT_DEG.1 - INT_DEG.0,
        for_s: 600.0,
        normal: "1",
        during: "0.5",
    },
    Incident {
        stack: Stack::Integration,
        alert: "DestinationDown",
        condition: "destination_health_status{destination=\"elasticsearch\"} == 0",
        onset_offset_s: INT_DEG.0,
        start_offset_s: INT_DOWN.0,
        duration_s: INT_DOWN.1 - INT_DOWN.0,
        for_s: 300.0,
        normal: "1",
        during: "0",
    },
    Incident {
        stack: Stack::Integration,
        alert: "HighDestinationErrorRate",
        condition: "rate(destination_errors_total{destination=\"elasticsearch\",error_type=\"connection_error\"}[5m]) > 0.1",
        onset_offset_s: INT_DEG.0,
        start_offset_s: INT_DOWN.0,
        duration_s: INT_DOWN.1 - INT_DOWN.0,
        for_s: 300.0,
        normal: "≈ 0.003/s per error type",
        during: "≈ 0.5/s connection_error, 0.15/s timeout",
    },
    Incident {
        stack: Stack::Muejam,
        alert: "CriticalCacheHitRate",
        condition: "sum(rate(cache_hits_total[5m])) / (sum(rate(cache_hits_total[5m])) + sum(rate(cache_misses_total[5m]))) < 0.5",
        onset_offset_s: MUE_CACHE.0 - 60.0,
        start_offset_s: MUE_CACHE.0,
        duration_s: MUE_CACHE.1 - MUE_CACHE.0,
        for_s: 120.0,
        normal: "≈ 0.90",
        during: "≈ 0.32 (Redis at ≈ 96 % of maxmemory, evictions ≈ 22 % of lookups)",
    },
    Incident {
        stack: Stack::Muejam,
        alert: "CriticalReplicationLag",
        condition: "db_replication_lag_seconds > 30",
        onset_offset_s: 300.0,
        start_offset_s: MUE_LAG_PLATEAU.0,
        duration_s: MUE_LAG_PLATEAU.1 - MUE_LAG_PLATEAU.0,
        for_s: 120.0,
        normal: "≈ 0.4 s",
        during: "40 s (ramp from offset 300 s, crosses 5 s at ≈ 330 s and 30 s at ≈ 480 s; back by 1200 s)",
    },
    Incident {
        stack: Stack::Spheroseg,
        alert: "HighResponseTime",
        condition: "histogram_quantile(0.95, sum by (le) (rate(spheroseg_http_request_duration_seconds_bucket[5m]))) > 2",
        onset_offset_s: SPH_STEPS[0].0,
        start_offset_s: SPH_SLOW.0,
        duration_s: SPH_SLOW.1 - SPH_SLOW.0,
        for_s: 300.0,
        normal: "≈ 0.3 s",
        during: "steps ≈ 0.8 s [300,540), 1.6 s [540,780), 3.2 s [780,1140), 4.5 s [1140,1500)",
    },
    Incident {
        stack: Stack::Spheroseg,
        alert: "MLQueueBuildup",
        condition: "spheroseg_ml_queue_size > 100",
        onset_offset_s: SPH_QUEUE.0 - 180.0,
        start_offset_s: SPH_QUEUE.0,
        duration_s: SPH_QUEUE.1 - SPH_QUEUE.0,
        for_s: 300.0,
        normal: "≈ 12",
        during: "180 (ramps over [420,600) and [1200,1380)); ml-service restarts once at 1200–1260",
    },
    Incident {
        stack: Stack::Spheroseg,
        alert: "RateLimitActive",
        condition: "spheroseg_rate_limit_active == 1",
        onset_offset_s: SPH_SLOW.0,
        start_offset_s: SPH_SLOW.0,
        duration_s: SPH_SLOW.1 - SPH_SLOW.0,
        for_s: 60.0,
        normal: "0",
        during: "1",
    },
];

/// The incident schedule, as data (see the crate doc for the story behind each window).
pub fn incidents() -> &'static [Incident] {
    &INCIDENTS
}

fn lb(pairs: &[(&'static str, &str)]) -> Labels {
    pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
}

fn flat(w: (f64, f64), v: f64) -> Seg {
    Seg::flat(w.0, w.1, v)
}

/// Prometheus client default latency buckets.
const DEFAULT_BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

struct Builder {
    stack: Stack,
    out: Vec<Family>,
}

impl Builder {
    fn seed(&self, name: &str, labels: &Labels) -> String {
        let mut s = format!("{}/{}", self.stack.id(), name);
        for (k, v) in labels {
            s.push_str(&format!("/{k}={v}"));
        }
        s
    }
    /// An organic shape seeded by the stack, the metric and the labels.
    fn org(&self, name: &str, labels: &Labels, base: f64, daily: f64, noise: f64) -> Shape {
        organic(base, daily, noise, &self.seed(name, labels))
    }
    fn push(
        &mut self,
        name: &'static str,
        help: &'static str,
        kind: Kind,
        buckets: &[f64],
        children: Vec<Child>,
    ) {
        self.out.push(Family {
            stack: self.stack,
            name,
            help,
            kind,
            buckets: buckets.to_vec(),
            children,
        });
    }
    fn gauge(&mut self, name: &'static str, help: &'static str, items: Vec<(Labels, Shape)>) {
        self.gauge_opts(name, help, items, 0.0, f64::INFINITY, false);
    }
    fn gauge_int(&mut self, name: &'static str, help: &'static str, items: Vec<(Labels, Shape)>) {
        self.gauge_opts(name, help, items, 0.0, f64::INFINITY, true);
    }
    fn gauge_opts(
        &mut self,
        name: &'static str,
        help: &'static str,
        items: Vec<(Labels, Shape)>,
        min: f64,
        max: f64,
        round: bool,
    ) {
        let children = items
            .into_iter()
            .map(|(labels, shape)| Child {
                labels,
                def: Def::Gauge {
                    shape,
                    min,
                    max,
                    round,
                },
            })
            .collect();
        self.push(name, help, Kind::Gauge, &[], children);
    }
    fn counter(&mut self, name: &'static str, help: &'static str, items: Vec<(Labels, Shape)>) {
        self.counter_opts(name, help, items, true);
    }
    fn counter_opts(
        &mut self,
        name: &'static str,
        help: &'static str,
        items: Vec<(Labels, Shape)>,
        integer: bool,
    ) {
        let children = items
            .into_iter()
            .map(|(labels, shape)| Child {
                labels,
                def: Def::Counter { shape, integer },
            })
            .collect();
        self.push(name, help, Kind::Counter, &[], children);
    }
    fn histogram(
        &mut self,
        name: &'static str,
        help: &'static str,
        buckets: &[f64],
        items: Vec<(Labels, Vec<(Dist, Shape)>)>,
    ) {
        let children = items
            .into_iter()
            .map(|(labels, components)| Child {
                labels,
                def: Def::Histogram { components },
            })
            .collect();
        self.push(name, help, Kind::Histogram, buckets, children);
    }
}

/// Every family of every stack.
pub(crate) fn build() -> Vec<Family> {
    let mut out = Vec::new();
    for stack in Stack::ALL {
        let mut b = Builder {
            stack,
            out: Vec::new(),
        };
        match stack {
            Stack::Anivault => anivault(&mut b),
            Stack::Magacin => magacin(&mut b),
            Stack::Integration => integration(&mut b),
            Stack::Muejam => muejam(&mut b),
            Stack::Spheroseg => spheroseg(&mut b),
        }
        out.append(&mut b.out);
    }
    out
}

fn anivault(b: &mut Builder) {
    // (operation_type, operations/s, median duration s)
    let ops = [
        ("full_sync", 0.01, 1.2, 500.0),
        ("incremental_sync", 0.5, 0.25, 12.0),
        ("metadata_refresh", 0.3, 0.4, 3.0),
        ("file_scan", 0.2, 0.6, 40.0),
    ];
    let n = "anivault_sync_operations_total";
    let mut items = Vec::new();
    for (op, rate, _, _) in ops {
        let ok = lb(&[("operation_type", op), ("status", "success")]);
        let shape = b
            .org(n, &ok, rate * 0.99, 0.2, 0.1)
            .with_scale(vec![flat(ANI, -0.6)]);
        items.push((ok, shape));
        let bad = lb(&[("operation_type", op), ("status", "failure")]);
        let shape = b
            .org(n, &bad, rate * 0.01, 0.2, 0.1)
            .with_extra(vec![flat(ANI, rate * 0.45)]);
        items.push((bad, shape));
    }
    b.counter(n, "Total sync operations by type and status.", items);

    let n = "anivault_sync_operation_duration_seconds";
    let items = ops
        .iter()
        .map(|(op, rate, median, _)| {
            let l = lb(&[("operation_type", op)]);
            let normal = b
                .org(n, &l, *rate, 0.2, 0.1)
                .with_scale(vec![flat(ANI, -0.6)]);
            let timeouts = Shape::default().with_extra(vec![flat(ANI, rate * 0.45)]);
            let comps = vec![
                (Dist::new(*median, 0.6), normal),
                (Dist::new(4.0, 0.35), timeouts),
            ];
            (l, comps)
        })
        .collect();
    b.histogram(
        n,
        "Sync operation duration in seconds.",
        &[0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0],
        items,
    );

    let n = "anivault_sync_affected_records_total";
    let items = ops
        .iter()
        .map(|(op, rate, _, records)| {
            let l = lb(&[("operation_type", op)]);
            let s = b
                .org(n, &l, rate * records, 0.2, 0.15)
                .with_scale(vec![flat(ANI, -0.6)]);
            (l, s)
        })
        .collect();
    b.counter(n, "Total records affected by sync operations.", items);

    let n = "anivault_cache_events_total";
    let hit = lb(&[("event", "hit")]);
    let miss = lb(&[("event", "miss")]);
    let hit_shape = b
        .org(n, &hit, 40.0, 0.2, 0.05)
        .with_scale(vec![flat(ANI, -0.85)]);
    let miss_shape = b
        .org(n, &miss, 5.0, 0.2, 0.05)
        .with_extra(vec![flat(ANI, 35.0)]);
    b.counter(
        n,
        "Cache hits and misses.",
        vec![(hit, hit_shape), (miss, miss_shape)],
    );

    let n = "anivault_cache_hit_rate";
    let s = b
        .org(n, &vec![], 88.9, 0.0, 0.02)
        .with_extra(vec![flat(ANI, -76.9)]);
    b.gauge_opts(
        n,
        "Current cache hit rate (percent).",
        vec![(vec![], s)],
        0.0,
        100.0,
        false,
    );
    let n = "anivault_cache_size";
    let s = b
        .org(n, &vec![], 12_000.0, 0.05, 0.02)
        .with_scale(vec![flat(ANI, -0.5)]);
    b.gauge_int(n, "Current number of cache entries.", vec![(vec![], s)]);
    let n = "anivault_cache_memory_usage_bytes";
    let s = b
        .org(n, &vec![], 48.0e6, 0.05, 0.02)
        .with_scale(vec![flat(ANI, -0.5)]);
    b.gauge_int(n, "Current cache memory usage in bytes.", vec![(vec![], s)]);

    let s = Shape::constant(1.0).with_extra(vec![flat(ANI, -1.0)]);
    b.gauge_int(
        "anivault_database_health_status",
        "Database health status (1 healthy, 0 unhealthy).",
        vec![(vec![], s)],
    );
    let s = Shape::constant(0.0005).with_extra(vec![flat(ANI, 0.5)]);
    b.counter(
        "anivault_database_connection_errors_total",
        "Database connection errors.",
        vec![(vec![], s)],
    );
    let db = Shape::default().with_extra(vec![
        flat(ANI, 1.0),
        Seg::flat(ANI.1, ANI_HALF_OPEN_TO, 2.0),
    ]);
    b.gauge_int(
        "anivault_circuit_breaker_state",
        "Circuit breaker state (0 closed, 1 open, 2 half-open).",
        vec![
            (lb(&[("breaker", "database")]), db),
            (lb(&[("breaker", "tmdb_api")]), Shape::default()),
        ],
    );
    b.counter(
        "anivault_circuit_breaker_failures_total",
        "Failures recorded by each circuit breaker.",
        vec![
            (
                lb(&[("breaker", "database")]),
                Shape::constant(0.0002).with_extra(vec![flat(ANI, 0.3)]),
            ),
            (lb(&[("breaker", "tmdb_api")]), Shape::constant(0.0005)),
        ],
    );

    let recon = (ANI.1, ANI_RECON_TO);
    let n = "anivault_consistency_check_duration_seconds";
    let normal = b.org(n, &vec![], 1.0 / 60.0, 0.0, 0.1);
    let catching_up = Shape::default().with_extra(vec![flat(recon, 1.0 / 60.0)]);
    b.histogram(
        n,
        "Consistency check duration in seconds.",
        &[0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0],
        vec![(
            vec![],
            vec![
                (Dist::new(2.5, 0.4), normal),
                (Dist::new(8.0, 0.4), catching_up),
            ],
        )],
    );
    let n = "anivault_consistency_inconsistencies_total";
    let s = b
        .org(n, &vec![], 0.002, 0.0, 0.3)
        .with_extra(vec![flat(recon, 0.08)]);
    b.counter(n, "Data inconsistencies found.", vec![(vec![], s)]);
    let n = "anivault_reconciliation_operations_total";
    let ok = lb(&[("status", "success")]);
    let ok_shape = b
        .org(n, &ok, 0.01, 0.0, 0.3)
        .with_extra(vec![flat(recon, 0.08)]);
    b.counter(
        n,
        "Reconciliation operations by status.",
        vec![
            (ok, ok_shape),
            (lb(&[("status", "failure")]), Shape::constant(0.0002)),
        ],
    );
    let n = "anivault_reconciliation_duration_seconds";
    let normal = b.org(n, &vec![], 0.01, 0.0, 0.3);
    let extra = Shape::default().with_extra(vec![flat(recon, 0.08)]);
    b.histogram(
        n,
        "Reconciliation duration in seconds.",
        &[0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0],
        vec![(
            vec![],
            vec![(Dist::new(1.5, 0.5), normal), (Dist::new(1.5, 0.5), extra)],
        )],
    );
    b.gauge_int(
        "anivault_metrics_server_status",
        "Metrics server status (1 up).",
        vec![(vec![], Shape::constant(1.0))],
    );
}

fn magacin(b: &mut Builder) {
    // (service, method, status, endpoint, requests/s outside incidents, extra/s in MAG_ERR)
    let reqs: [(&str, &str, &str, &str, f64, f64); 15] = [
        ("api-gateway", "POST", "200", "/api/scan", 12.0, 0.0),
        ("api-gateway", "POST", "502", "/api/scan", 0.0, 2.5),
        ("api-gateway", "GET", "200", "/api/tasks", 15.0, 0.0),
        ("api-gateway", "GET", "503", "/api/tasks", 0.0, 1.0),
        ("api-gateway", "GET", "200", "/api/items", 8.0, 0.0),
        ("api-gateway", "GET", "404", "/api/items", 0.3, 0.0),
        ("api-gateway", "POST", "200", "/api/auth/login", 0.5, 0.0),
        ("api-gateway", "POST", "401", "/api/auth/login", 0.05, 0.0),
        ("task-service", "GET", "200", "/tasks", 10.0, 0.0),
        ("task-service", "GET", "500", "/tasks", 0.0, 0.8),
        ("task-service", "POST", "201", "/tasks", 1.5, 0.0),
        ("task-service", "PATCH", "200", "/tasks/{id}", 2.0, 0.0),
        ("import-service", "POST", "202", "/imports", 0.1, 0.0),
        ("import-service", "GET", "200", "/imports/{id}", 0.5, 0.0),
        ("realtime-worker", "GET", "200", "/socket.io/", 3.0, 0.0),
    ];
    let n = "http_requests_total";
    let items = reqs
        .iter()
        .map(|(svc, method, status, ep, rate, extra)| {
            let l = lb(&[
                ("service", svc),
                ("method", method),
                ("status", status),
                ("endpoint", ep),
            ]);
            let s = if *rate > 0.0 {
                b.org(n, &l, *rate, 0.25, 0.08)
            } else {
                Shape::default()
            };
            let s = if *extra > 0.0 {
                s.with_extra(vec![flat(MAG_ERR, *extra)])
            } else {
                s
            };
            (l, s)
        })
        .collect();
    b.counter(n, "Total HTTP requests by method, status, endpoint.", items);

    // (service, endpoint, requests/s, median s, incident median s, incident extra/s)
    let lat = [
        ("api-gateway", "/api/scan", 12.0, 0.07, 0.6, 6.0),
        ("api-gateway", "/api/tasks", 15.0, 0.03, 0.25, 3.0),
        ("api-gateway", "/api/items", 8.3, 0.02, 0.0, 0.0),
        ("task-service", "/tasks", 11.5, 0.015, 0.2, 2.0),
        ("import-service", "/imports", 0.6, 0.8, 0.0, 0.0),
    ];
    let n = "http_request_duration_seconds";
    let items = lat
        .iter()
        .map(|(svc, ep, rate, median, slow_median, slow_rate)| {
            let l = lb(&[("service", svc), ("endpoint", ep)]);
            let mut comps = vec![(Dist::new(*median, 0.55), b.org(n, &l, *rate, 0.25, 0.08))];
            if *slow_rate > 0.0 {
                comps.push((
                    Dist::new(*slow_median, 0.5),
                    Shape::default().with_extra(vec![flat(MAG_ERR, *slow_rate)]),
                ));
            }
            (l, comps)
        })
        .collect();
    b.histogram(
        n,
        "HTTP request duration in seconds.",
        &DEFAULT_BUCKETS,
        items,
    );

    let n = "socketio_connections";
    let s = b
        .org(n, &vec![], 150.0, 0.3, 0.05)
        .with_extra(vec![flat(MAG_WS, -45.0)]);
    b.gauge_int(n, "Active Socket.IO connections.", vec![(vec![], s)]);
    let n = "realtime_messages_processed_total";
    let s = b.org(n, &vec![], 25.0, 0.25, 0.1);
    b.counter(n, "Total processed realtime messages.", vec![(vec![], s)]);
    let n = "websocket_disconnections_total";
    let s = b
        .org(n, &vec![], 0.004, 0.0, 0.3)
        .with_extra(vec![flat(MAG_WS, 0.2)]);
    b.counter(n, "WebSocket disconnections.", vec![(vec![], s)]);
    let n = "websocket_active_connections";
    let s = b
        .org(n, &vec![], 148.0, 0.3, 0.05)
        .with_extra(vec![flat(MAG_WS, -45.0)]);
    b.gauge_int(
        n,
        "Current active WebSocket connections.",
        vec![(vec![], s)],
    );
    b.gauge_int(
        "pg_up",
        "Whether the last scrape of PostgreSQL was able to connect (1 up).",
        vec![(vec![], Shape::constant(1.0))],
    );

    let leak = 9.5e9;
    let mem_ramp = |v: f64| {
        vec![
            Seg::ramp(MAG_MEM.0 - 60.0, MAG_MEM.0, 0.0, v),
            flat(MAG_MEM, v),
            Seg::ramp(MAG_MEM.1, MAG_MEM.1 + 60.0, v, 0.0),
        ]
    };
    // (service, CPU cores, resident bytes)
    let procs = [
        ("api-gateway", 0.15, 180.0e6),
        ("task-service", 0.1, 220.0e6),
        ("import-service", 0.05, 350.0e6),
        ("realtime-worker", 0.08, 120.0e6),
    ];
    let n = "process_cpu_seconds_total";
    let items = procs
        .iter()
        .map(|(svc, cores, _)| {
            let l = lb(&[("service", svc)]);
            let mut s = b.org(n, &l, *cores, 0.2, 0.1);
            if *svc == "import-service" {
                s = s.with_extra(vec![flat(MAG_MEM, 0.4)]);
            }
            (l, s)
        })
        .collect();
    b.counter_opts(
        n,
        "Total user and system CPU time spent in seconds.",
        items,
        false,
    );
    let n = "process_resident_memory_bytes";
    let items = procs
        .iter()
        .map(|(svc, _, bytes)| {
            let l = lb(&[("service", svc)]);
            let mut s = b.org(n, &l, *bytes, 0.05, 0.03);
            if *svc == "import-service" {
                s = s.with_extra(mem_ramp(leak));
            }
            (l, s)
        })
        .collect();
    b.gauge_int(n, "Resident memory size in bytes.", items);

    let total = 17_179_869_184.0; // 16 GiB
    b.gauge_int(
        "node_memory_MemTotal_bytes",
        "Memory information field MemTotal_bytes.",
        vec![(vec![], Shape::constant(total))],
    );
    let n = "node_memory_MemAvailable_bytes";
    let s = b
        .org(n, &vec![], 0.38 * total, 0.05, 0.02)
        .with_extra(mem_ramp(-0.33 * total));
    b.gauge_int(
        n,
        "Memory information field MemAvailable_bytes.",
        vec![(vec![], s)],
    );

    let n = "node_cpu_seconds_total";
    let mut items = Vec::new();
    for cpu in ["0", "1", "2", "3"] {
        let user_l = lb(&[("cpu", cpu), ("mode", "user")]);
        let user = b
            .org(n, &user_l, 0.22, 0.3, 0.15)
            .with_extra(vec![flat(MAG_MEM, 0.25)]);
        let system_l = lb(&[("cpu", cpu), ("mode", "system")]);
        let system = b.org(n, &system_l, 0.07, 0.3, 0.15);
        let iowait_l = lb(&[("cpu", cpu), ("mode", "iowait")]);
        let iowait = b.org(n, &iowait_l, 0.02, 0.0, 0.3);
        // idle = 1 − the others, exactly, so that the modes of one CPU add up to 1 s/s.
        let mut idle = Shape::constant(1.0 - user.base - system.base - iowait.base);
        for s in [&user, &system, &iowait] {
            idle.waves.extend(
                s.waves
                    .iter()
                    .map(|w| crate::shape::Wave { amp: -w.amp, ..*w }),
            );
        }
        let idle = idle.with_extra(vec![flat(MAG_MEM, -0.25)]);
        items.push((lb(&[("cpu", cpu), ("mode", "idle")]), idle));
        items.push((iowait_l, iowait));
        items.push((system_l, system));
        items.push((user_l, user));
    }
    b.counter_opts(n, "Seconds the CPUs spent in each mode.", items, false);
}

fn integration(b: &mut Builder) {
    const ES: &str = "elasticsearch";
    // (destination, documents/s, request median s)
    let dests = [
        (ES, 12.0, 0.12),
        ("vespa", 20.0, 0.08),
        ("s3", 5.0, 0.2),
        ("webhook", 2.0, 0.3),
    ];
    let n = "destination_documents_sent_total";
    let mut items = Vec::new();
    for (d, rate, _) in dests {
        let ok = lb(&[("destination", d), ("status", "success")]);
        let mut s = b.org(n, &ok, rate, 0.2, 0.08);
        if d == ES {
            s = s.with_scale(vec![flat(INT_DEG, -0.6), flat(INT_DOWN, -1.0)]);
        }
        items.push((ok, s));
        let bad = lb(&[("destination", d), ("status", "failure")]);
        let mut s = b.org(n, &bad, rate * 0.002, 0.0, 0.3);
        if d == ES {
            s = s.with_extra(vec![flat(INT_DEG, rate * 0.1), flat(INT_DOWN, 3.0)]);
        }
        items.push((bad, s));
    }
    b.counter(n, "Documents sent to each destination by status.", items);

    let items = dests
        .iter()
        .map(|(d, _, _)| {
            let mut s = Shape::constant(1.0);
            if *d == ES {
                s = s.with_extra(vec![flat(INT_DEG, -0.5), flat(INT_DOWN, -1.0)]);
            }
            (lb(&[("destination", d)]), s)
        })
        .collect();
    b.gauge(
        "destination_health_status",
        "Destination health (1 healthy, 0.5 degraded, 0 down).",
        items,
    );

    let n = "destination_request_duration_seconds";
    let items = dests
        .iter()
        .map(|(d, rate, median)| {
            let l = lb(&[("destination", d)]);
            let req_rate = rate / 4.0; // documents go out in batches
            let mut normal = b.org(n, &l, req_rate, 0.2, 0.08);
            let mut comps = Vec::new();
            if *d == ES {
                // Never a full drop in a histogram component: its `_sum` must keep growing.
                normal = normal.with_scale(vec![flat(INT_DEG, -0.6), flat(INT_DOWN, -0.95)]);
                comps.push((
                    Dist::new(2.5, 0.6),
                    Shape::default().with_extra(vec![flat(INT_DEG, req_rate * 0.5)]),
                ));
                comps.push((
                    Dist::new(8.0, 0.3),
                    Shape::default().with_extra(vec![flat(INT_DOWN, 1.5)]),
                ));
            }
            comps.insert(0, (Dist::new(*median, 0.5), normal));
            (l, comps)
        })
        .collect();
    b.histogram(
        n,
        "Destination request duration in seconds.",
        &[0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0],
        items,
    );

    let n = "destination_errors_total";
    let mut items = Vec::new();
    for (d, _, _) in dests {
        for et in ["connection_error", "timeout"] {
            let l = lb(&[("destination", d), ("error_type", et)]);
            let mut s = b.org(n, &l, 0.003, 0.0, 0.3);
            if d == ES {
                s = s.with_extra(match et {
                    "timeout" => vec![flat(INT_DEG, 0.04), flat(INT_DOWN, 0.15)],
                    _ => vec![flat(INT_DOWN, 0.5)],
                });
            }
            items.push((l, s));
        }
    }
    b.counter(n, "Destination errors by type.", items);

    // (source, destination, sync median s, documents/s, sync phase s)
    let pairs = [
        ("confluence", ES, 45.0, 6.0, 37.0),
        ("slack", "vespa", 20.0, 10.0, 113.0),
        ("google_drive", ES, 90.0, 6.0, 191.0),
        ("github", "webhook", 30.0, 2.0, 251.0),
        ("notion", "s3", 60.0, 5.0, 71.0),
    ];
    let sync_rate = 1.0 / 300.0;
    let fail_rate = 1.0 / 200.0; // retries: ≥ 3 failures per pair per outage
    let n = "cc_pair_sync_attempts_total";
    let mut items = Vec::new();
    for (src, d, _, _, _) in pairs {
        let ok = lb(&[("source", src), ("destination", d), ("status", "success")]);
        let mut s = b.org(n, &ok, sync_rate, 0.0, 0.2);
        if d == ES {
            s = s.with_scale(vec![flat(INT_DOWN, -1.0)]);
        }
        items.push((ok, s));
        let bad = lb(&[("source", src), ("destination", d), ("status", "failure")]);
        let s = if d == ES {
            Shape::default().with_extra(vec![flat(INT_DOWN, fail_rate)])
        } else {
            Shape::default()
        };
        items.push((bad, s));
    }
    b.counter(n, "CC-pair sync attempts by status.", items);

    let n = "cc_pair_sync_duration_seconds";
    let items = pairs
        .iter()
        .map(|(src, d, median, _, _)| {
            let l = lb(&[("source", src), ("destination", d)]);
            let mut normal = b.org(n, &l, sync_rate, 0.0, 0.2);
            let mut comps = Vec::new();
            if *d == ES {
                normal = normal.with_scale(vec![flat(INT_DOWN, -0.95)]);
                comps.push((
                    Dist::new(30.0, 0.3),
                    Shape::default().with_extra(vec![flat(INT_DOWN, fail_rate)]),
                ));
            }
            comps.insert(0, (Dist::new(*median, 0.6), normal));
            (l, comps)
        })
        .collect();
    b.histogram(
        n,
        "CC-pair sync duration in seconds.",
        &[
            1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0,
        ],
        items,
    );

    let n = "cc_pair_documents_processed_total";
    let items = pairs
        .iter()
        .map(|(src, d, _, docs, _)| {
            let l = lb(&[("source", src), ("destination", d)]);
            let mut s = b.org(n, &l, *docs, 0.2, 0.1);
            if *d == ES {
                s = s.with_scale(vec![flat(INT_DEG, -0.6), flat(INT_DOWN, -1.0)]);
            }
            (l, s)
        })
        .collect();
    b.counter(n, "Documents processed by each CC-pair.", items);

    let n = "cc_pair_active_syncs";
    let s = b
        .org(n, &vec![], 3.0, 0.2, 0.15)
        .with_extra(vec![flat(INT_DEG, 2.0), flat(INT_DOWN, 3.0)]);
    b.gauge_int(n, "CC-pair syncs currently running.", vec![(vec![], s)]);

    let children = pairs
        .iter()
        .map(|(src, d, _, _, phase)| Child {
            labels: lb(&[("cc_pair", &format!("{src}-{d}"))]),
            def: Def::LastSuccess {
                interval_s: 300.0,
                phase_s: *phase,
                blocked: (*d == ES).then_some(INT_DOWN),
            },
        })
        .collect();
    b.push(
        "cc_pair_last_successful_sync_timestamp_seconds",
        "Unix time of the last successful sync of each CC-pair.",
        Kind::Gauge,
        &[],
        children,
    );
}

fn muejam(b: &mut Builder) {
    // (operation, queries/s, median s, error ratio)
    let ops = [
        ("select", 200.0, 0.004, 0.003),
        ("insert", 25.0, 0.0015, 0.003),
        ("update", 20.0, 0.0012, 0.003),
        ("delete", 5.0, 0.0004, 0.003),
    ];
    // Cache misses fall through to the database.
    let select_extra = 150.0;
    let n = "db_queries_total";
    let items = ops
        .iter()
        .map(|(op, rate, _, _)| {
            let l = lb(&[("operation", op)]);
            let mut s = b.org(n, &l, *rate, 0.3, 0.08);
            if *op == "select" {
                s = s.with_extra(vec![flat(MUE_CACHE, select_extra)]);
            }
            (l, s)
        })
        .collect();
    b.counter(n, "Total database queries by operation.", items);
    let n = "db_query_errors_total";
    let items = ops
        .iter()
        .map(|(op, rate, _, err)| {
            let l = lb(&[("operation", op)]);
            (l.clone(), b.org(n, &l, rate * err, 0.3, 0.2))
        })
        .collect();
    b.counter(n, "Total failed database queries by operation.", items);
    let n = "db_slow_queries_total";
    let s = b
        .org(n, &vec![], 0.05, 0.3, 0.3)
        .with_extra(vec![flat(MUE_CACHE, 1.5)]);
    b.counter(
        n,
        "Queries slower than the slow-query threshold.",
        vec![(vec![], s)],
    );
    let n = "db_query_duration_seconds";
    let items = ops
        .iter()
        .map(|(op, rate, median, _)| {
            let l = lb(&[("operation", op)]);
            let mut comps = vec![(Dist::new(*median, 0.8), b.org(n, &l, *rate, 0.3, 0.08))];
            if *op == "select" {
                comps.push((
                    Dist::new(0.08, 0.7),
                    Shape::default().with_extra(vec![flat(MUE_CACHE, select_extra)]),
                ));
            }
            (l, comps)
        })
        .collect();
    b.histogram(
        n,
        "Database query duration in seconds.",
        &DEFAULT_BUCKETS,
        items,
    );
    let n = "db_connection_pool_active";
    let s = b
        .org(n, &vec![], 28.0, 0.3, 0.1)
        .with_extra(vec![flat(MUE_CACHE, 30.0)]);
    b.gauge_int(n, "Connections in use.", vec![(vec![], s)]);
    b.gauge_int(
        "db_connection_pool_size",
        "Connection pool size.",
        vec![(vec![], Shape::constant(100.0))],
    );
    let n = "db_replication_lag_seconds";
    let s = b.org(n, &vec![], 0.4, 0.0, 0.3).with_extra(vec![
        Seg::ramp(300.0, MUE_LAG_PLATEAU.0, 0.0, 39.6),
        flat(MUE_LAG_PLATEAU, 39.6),
        Seg::ramp(MUE_LAG_PLATEAU.1, MUE_LAG_PLATEAU.1 + 60.0, 39.6, 0.0),
    ]);
    b.gauge(
        n,
        "Replica lag behind the primary in seconds.",
        vec![(vec![], s)],
    );

    // (level, hits/s, misses/s, evictions/s, hit scale, extra misses/s, extra evictions/s)
    let levels = [
        ("l1", 400.0, 40.0, 10.0, -0.7, 200.0, 80.0),
        ("l2", 30.0, 10.0, 2.0, -0.6, 30.0, 10.0),
    ];
    let (mut hits, mut misses, mut evictions) = (Vec::new(), Vec::new(), Vec::new());
    for (lvl, h, m, e, hs, xm, xe) in levels {
        let l = lb(&[("cache_level", lvl)]);
        hits.push((
            l.clone(),
            b.org("cache_hits_total", &l, h, 0.3, 0.05)
                .with_scale(vec![flat(MUE_CACHE, hs)]),
        ));
        misses.push((
            l.clone(),
            b.org("cache_misses_total", &l, m, 0.3, 0.05)
                .with_extra(vec![flat(MUE_CACHE, xm)]),
        ));
        evictions.push((
            l.clone(),
            b.org("cache_evictions_total", &l, e, 0.3, 0.1)
                .with_extra(vec![flat(MUE_CACHE, xe)]),
        ));
    }
    b.counter("cache_hits_total", "Cache hits by cache level.", hits);
    b.counter("cache_misses_total", "Cache misses by cache level.", misses);
    b.counter(
        "cache_evictions_total",
        "Cache evictions by cache level.",
        evictions,
    );

    let max = 2_147_483_648.0; // 2 GiB
    let n = "redis_memory_used_bytes";
    let s = b.org(n, &vec![], 0.45 * max, 0.05, 0.03).with_extra(vec![
        Seg::ramp(MUE_CACHE.0 - 60.0, MUE_CACHE.0, 0.0, 0.51 * max),
        flat(MUE_CACHE, 0.51 * max),
        Seg::ramp(MUE_CACHE.1, MUE_CACHE.1 + 60.0, 0.51 * max, 0.0),
    ]);
    b.gauge_opts(
        n,
        "Redis memory in use in bytes.",
        vec![(vec![], s)],
        0.0,
        max,
        true,
    );
    b.gauge_int(
        "redis_memory_max_bytes",
        "Redis maxmemory in bytes.",
        vec![(vec![], Shape::constant(max))],
    );
    let n = "redis_connected_clients";
    let s = b
        .org(n, &vec![], 60.0, 0.2, 0.1)
        .with_extra(vec![flat(MUE_CACHE, 40.0)]);
    b.gauge_int(n, "Connected Redis clients.", vec![(vec![], s)]);
    b.gauge_int(
        "pg_up",
        "Whether the last scrape of PostgreSQL was able to connect (1 up).",
        vec![(vec![], Shape::constant(1.0))],
    );
    b.gauge_int(
        "redis_up",
        "Whether the last scrape of Redis was able to connect (1 up).",
        vec![(vec![], Shape::constant(1.0))],
    );
}

fn spheroseg(b: &mut Builder) {
    let incident = (SPH_STEPS[0].0, SPH_STEPS[3].1);
    // (route, method, status, requests/s, extra/s while slow)
    let reqs = [
        ("/api/projects", "GET", "200", 6.0, 0.0),
        ("/api/images", "POST", "201", 1.5, 0.0),
        ("/api/images/:id", "GET", "200", 9.0, 0.0),
        ("/api/images/:id", "GET", "500", 0.03, 0.0),
        ("/api/segmentation", "POST", "202", 0.8, 0.0),
        ("/api/segmentation", "POST", "503", 0.01, 0.3),
        ("/api/auth/login", "POST", "200", 0.3, 0.0),
        ("/api/auth/login", "POST", "401", 0.02, 0.0),
    ];
    let n = "spheroseg_http_requests_total";
    let items = reqs
        .iter()
        .map(|(route, method, status, rate, extra)| {
            let l = lb(&[("route", route), ("method", method), ("status", status)]);
            let mut s = b.org(n, &l, *rate, 0.25, 0.1);
            if *extra > 0.0 {
                s = s.with_extra(vec![flat(SPH_SLOW, *extra)]);
            }
            (l, s)
        })
        .collect();
    b.counter(n, "HTTP requests by route, method and status.", items);

    // (route, requests/s, median s)
    let routes = [
        ("/api/projects", 6.0, 0.09),
        ("/api/images", 1.5, 0.15),
        ("/api/images/:id", 9.0, 0.05),
        ("/api/segmentation", 0.8, 0.12),
    ];
    let n = "spheroseg_http_request_duration_seconds";
    let items = routes
        .iter()
        .map(|(route, rate, median)| {
            let l = lb(&[("route", route)]);
            // The normal traffic almost stops being fast; each step serves it at its own latency.
            let normal = b
                .org(n, &l, *rate, 0.25, 0.1)
                .with_scale(vec![flat(incident, -0.95)]);
            let mut comps = vec![(Dist::new(*median, 0.6), normal)];
            for (from, to, step_median) in SPH_STEPS {
                comps.push((
                    Dist::new(step_median, 0.5),
                    Shape::default().with_extra(vec![Seg::flat(from, to, *rate)]),
                ));
            }
            (l, comps)
        })
        .collect();
    b.histogram(
        n,
        "HTTP request duration in seconds.",
        &DEFAULT_BUCKETS,
        items,
    );

    let n = "spheroseg_websocket_connections";
    let s = b.org(n, &vec![], 85.0, 0.3, 0.08);
    b.gauge_int(n, "Active WebSocket connections.", vec![(vec![], s)]);
    let n = "spheroseg_ml_queue_size";
    let s = b.org(n, &vec![], 12.0, 0.0, 0.3).with_extra(vec![
        Seg::ramp(SPH_QUEUE.0 - 180.0, SPH_QUEUE.0, 0.0, 168.0),
        flat(SPH_QUEUE, 168.0),
        Seg::ramp(SPH_QUEUE.1, SPH_QUEUE.1 + 180.0, 168.0, 0.0),
    ]);
    b.gauge_int(
        n,
        "Segmentation tasks waiting in the ML queue.",
        vec![(vec![], s)],
    );
    let n = "spheroseg_ml_processing_duration_seconds";
    let s = b.org(n, &vec![], 0.5, 0.2, 0.1);
    b.histogram(
        n,
        "ML segmentation processing time in seconds.",
        &[1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0],
        vec![(vec![], vec![(Dist::new(8.0, 0.5), s)])],
    );

    // (cache, hits/s, misses/s)
    let caches = [
        ("redis", 20.0, 3.0),
        ("memory", 40.0, 8.0),
        ("cdn", 15.0, 1.5),
    ];
    let (mut hits, mut misses) = (Vec::new(), Vec::new());
    for (c, h, m) in caches {
        let l = lb(&[("cache", c)]);
        hits.push((
            l.clone(),
            b.org("spheroseg_cache_hits_total", &l, h, 0.25, 0.05),
        ));
        misses.push((
            l.clone(),
            b.org("spheroseg_cache_misses_total", &l, m, 0.25, 0.05),
        ));
    }
    b.counter("spheroseg_cache_hits_total", "Cache hits by cache.", hits);
    b.counter(
        "spheroseg_cache_misses_total",
        "Cache misses by cache.",
        misses,
    );

    let n = "spheroseg_db_connections_active";
    let s = b
        .org(n, &vec![], 22.0, 0.3, 0.1)
        .with_extra(vec![flat(SPH_SLOW, 30.0)]);
    b.gauge_int(n, "Database connections in use.", vec![(vec![], s)]);
    b.gauge_int(
        "spheroseg_db_connections_max",
        "Database connection pool size.",
        vec![(vec![], Shape::constant(100.0))],
    );
    let n = "spheroseg_db_replication_lag_seconds";
    let s = b.org(n, &vec![], 0.15, 0.0, 0.3);
    b.gauge(n, "Replica lag in seconds.", vec![(vec![], s)]);
    b.gauge_int(
        "spheroseg_rate_limit_active",
        "Whether API rate limiting is active (1 active).",
        vec![(
            vec![],
            Shape::default().with_extra(vec![flat(SPH_SLOW, 1.0)]),
        )],
    );
    let n = "spheroseg_cpu_usage_ratio";
    let s = b
        .org(n, &vec![], 0.35, 0.3, 0.1)
        .with_extra(vec![flat(SPH_SLOW, 0.25)]);
    b.gauge_opts(n, "CPU usage (0..1).", vec![(vec![], s)], 0.0, 1.0, false);
    let n = "spheroseg_memory_usage_ratio";
    let s = b.org(n, &vec![], 0.55, 0.05, 0.05);
    b.gauge_opts(
        n,
        "Memory usage (0..1).",
        vec![(vec![], s)],
        0.0,
        1.0,
        false,
    );
    let n = "spheroseg_disk_free_ratio";
    let s = b.org(n, &vec![], 0.42, 0.02, 0.01);
    b.gauge_opts(
        n,
        "Free disk space (0..1).",
        vec![(vec![], s)],
        0.0,
        1.0,
        false,
    );
    let items = ["backend", "frontend", "ml-service", "postgres", "redis"]
        .iter()
        .map(|c| {
            let s = if *c == "ml-service" {
                // One restart per incident: 1/60 per second for 60 s.
                Shape::default().with_extra(vec![Seg::flat(
                    SPH_QUEUE.1,
                    SPH_QUEUE.1 + 60.0,
                    1.0 / 60.0,
                )])
            } else {
                Shape::default()
            };
            (lb(&[("container", c)]), s)
        })
        .collect();
    b.counter(
        "spheroseg_container_restarts_total",
        "Container restarts.",
        items,
    );
}
