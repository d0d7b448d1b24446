//! `promboard-workload`: a deterministic Prometheus workload for promboard's five seed stacks
//! (AniVault, Magacin Track, Integration Server, MueJam Library, SpherosegV4).
//!
//! Contract: every value is a pure, closed-form function of `(anchor_s, t_s)` (unix seconds).
//! Gauges are a base + a daily sine + three incommensurate noise sines + incident shapes.
//! Counters are the exact integral of such a rate from `anchor − 7 days` (0 there and before),
//! floored to integers when they count events (to 1e-3 otherwise), so they are monotone.
//! Histograms are sums of log-normal components, each with its own rate; buckets are cumulative
//! and `_count` equals the `+Inf` bucket. The live text ([`render_text`]), the backfill
//! ([`write_openmetrics`]) and [`sample`] / [`lookup`] all evaluate the same functions, so a
//! backfill and live scrapes on the same grid join without a seam.
//!
//! # Incidents
//! Periodic, every 3600 s counted from the anchor; offsets are seconds after each period start
//! (`anchor + k·3600`). [`incidents`] holds them as data. Outside the windows every threshold of
//! the guides is comfortably met.
//!
//! | stack | window (s) | what | alert |
//! |---|---|---|---|
//! | integration | 120–900 | `destination_health_status{destination="elasticsearch"}` = 0.5, sends −60 %, p95 ≈ 5 s | DestinationDegraded |
//! | integration | 900–1620 | … = 0, no successful sends, `destination_errors_total` ≈ 0.5/s connection_error + 0.15/s timeout, cc-pair syncs to elasticsearch fail (1/200 s each, ≥ 3 per outage) and their last-sync timestamp freezes | DestinationDown, HighDestinationErrorRate, CCPairSyncFailed (stays ≥ 3 in 1 h) |
//! | anivault | 150–870 | DB down: `anivault_database_health_status` 0, breaker `database` 1 (then 2 half-open 870–990), sync failure ratio ≈ 53 %, sync p95 ≈ 6 s, `anivault_cache_hit_rate` ≈ 12 | CircuitBreakerOpen, DatabaseUnhealthy, SyncFailureRateCritical, CacheHitRateCritical |
//! | anivault | 870–1290 | reconciliation and inconsistencies climb, consistency checks slow | – |
//! | magacin | 180–780 | 5xx ≈ 7.5 % of all requests (0 outside), `/api/scan` p95 ≈ 1 s (0.17 s outside) | HighErrorRate, HighScanLatency |
//! | magacin | 240–720 | websocket disconnects 0.2/s (≈ 60 per 5 min), active connections −45 | WebSocketDisconnectSpike |
//! | magacin | 420–1080 (ramps 360–420, 1080–1140) | host memory used ≈ 95 % (import-service RSS +9.5 GB), CPU +25 % | HighMemoryUsage |
//! | muejam | 240–960 (Redis ramps 180–240, 960–1020) | Redis ≈ 96 % of maxmemory, cache hit ratio ≈ 32 %, evictions ≈ 22 % of lookups, +150 selects/s, pool 58 % | CriticalCacheHitRate, LowCacheHitRate, HighRedisMemoryUsage, HighCacheEvictionRate |
//! | muejam | 540–1140 (ramp 300–540, back by 1200) | `db_replication_lag_seconds` 40 s (0.4 outside) | CriticalReplicationLag, HighReplicationLag |
//! | spheroseg | 300–1500 | p95 latency steps ≈ 0.8 / 1.6 / 3.2 / 4.5 s at 300 / 540 / 780 / 1140 | HighResponseTime (780–1500) |
//! | spheroseg | 780–1500 | `spheroseg_rate_limit_active` 1, CPU +0.25, db connections +30 | RateLimitActive |
//! | spheroseg | 600–1200 (ramps 420–600, 1200–1380) | `spheroseg_ml_queue_size` 180 (12 outside); ml-service restarts once at 1200–1260 | MLQueueBuildup |
//!
//! # Metrics (job = stack id)
//! - **anivault**: `anivault_sync_operations_total{operation_type,status}` (operation_type
//!   full_sync|incremental_sync|metadata_refresh|file_scan, status success|failure),
//!   `anivault_sync_operation_duration_seconds{operation_type}` (histogram),
//!   `anivault_sync_affected_records_total{operation_type}`, `anivault_cache_events_total{event}`
//!   (hit|miss), `anivault_cache_hit_rate` (percent), `anivault_cache_size`,
//!   `anivault_cache_memory_usage_bytes`, `anivault_database_health_status`,
//!   `anivault_database_connection_errors_total`, `anivault_circuit_breaker_state{breaker}`
//!   (database|tmdb_api; 0 closed, 1 open, 2 half-open),
//!   `anivault_circuit_breaker_failures_total{breaker}`,
//!   `anivault_consistency_check_duration_seconds` (histogram),
//!   `anivault_consistency_inconsistencies_total`, `anivault_reconciliation_operations_total{status}`,
//!   `anivault_reconciliation_duration_seconds` (histogram), `anivault_metrics_server_status`.
//! - **magacin**: `http_requests_total{service,method,status,endpoint}` (services api-gateway,
//!   task-service, import-service, realtime-worker), `http_request_duration_seconds{service,endpoint}`
//!   (histogram, default buckets), `socketio_connections`, `realtime_messages_processed_total`,
//!   `websocket_disconnections_total`, `websocket_active_connections`, `pg_up`,
//!   `process_cpu_seconds_total{service}`, `process_resident_memory_bytes{service}`,
//!   `node_memory_MemTotal_bytes`, `node_memory_MemAvailable_bytes`,
//!   `node_cpu_seconds_total{cpu="0".."3",mode="idle|iowait|system|user"}` (modes add up to 1 s/s).
//! - **integration**: `destination_documents_sent_total{destination,status}` (elasticsearch, vespa,
//!   s3, webhook), `destination_health_status{destination}`,
//!   `destination_request_duration_seconds{destination}` (histogram),
//!   `destination_errors_total{destination,error_type}` (connection_error|timeout),
//!   `cc_pair_sync_attempts_total{source,destination,status}`,
//!   `cc_pair_sync_duration_seconds{source,destination}` (histogram, 1 s … 3600 s),
//!   `cc_pair_documents_processed_total{source,destination}`, `cc_pair_active_syncs`,
//!   `cc_pair_last_successful_sync_timestamp_seconds{cc_pair}` (e.g. `confluence-elasticsearch`).
//! - **muejam**: `db_queries_total{operation}` (select|insert|update|delete),
//!   `db_query_errors_total{operation}`, `db_slow_queries_total`,
//!   `db_query_duration_seconds{operation}` (histogram), `db_connection_pool_active`,
//!   `db_connection_pool_size`, `db_replication_lag_seconds`, `cache_hits_total{cache_level}`,
//!   `cache_misses_total{cache_level}`, `cache_evictions_total{cache_level}` (l1|l2),
//!   `redis_memory_used_bytes`, `redis_memory_max_bytes`, `redis_connected_clients`, `pg_up`,
//!   `redis_up`.
//! - **spheroseg**: `spheroseg_http_requests_total{route,method,status}`,
//!   `spheroseg_http_request_duration_seconds{route}` (histogram), `spheroseg_websocket_connections`,
//!   `spheroseg_ml_queue_size`, `spheroseg_ml_processing_duration_seconds` (histogram),
//!   `spheroseg_cache_hits_total{cache}` / `spheroseg_cache_misses_total{cache}`
//!   (redis|memory|cdn), `spheroseg_db_connections_active`, `spheroseg_db_connections_max`,
//!   `spheroseg_db_replication_lag_seconds`, `spheroseg_rate_limit_active`,
//!   `spheroseg_cpu_usage_ratio`, `spheroseg_memory_usage_ratio`, `spheroseg_disk_free_ratio`,
//!   `spheroseg_container_restarts_total{container}`.

pub mod catalog;
pub mod expo;
pub mod model;
pub mod server;
pub mod shape;

pub use catalog::{incidents, Incident};
pub use expo::{render_text, write_openmetrics};
pub use model::{family_names, lookup, sample, sample_stack, select, Sample, Stack};
pub use server::serve;

#[cfg(test)]
mod tests;
