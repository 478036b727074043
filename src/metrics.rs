//! Prometheus metrics, served as text at `GET /metrics`: sync runs by
//! trigger and status, import duration, HTTP requests by status.

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry, TextEncoder,
};

/// The service's metrics, one registry per application.
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    /// Finished sync runs.
    pub sync_runs: IntCounterVec,
    /// Seconds from a run's start to its end.
    pub import_seconds: HistogramVec,
    /// HTTP responses.
    pub http_requests: IntCounterVec,
    /// SQL statements sent to the database.
    pub sql_statements: prometheus::IntCounter,
    /// Queries answered from the response cache.
    pub query_cache_hits: prometheus::IntCounter,
    /// Exports answered with a file kept since it was built.
    pub export_cache_hits: prometheus::IntCounter,
}

/// The method label of a request: one of a closed set, so that requests
/// with made-up methods cannot add a series each (every label value of
/// every metric comes from a closed set; status codes are three digits).
pub fn method_label(method: &poem::http::Method) -> &'static str {
    use poem::http::Method;
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

impl Metrics {
    /// Fresh metrics in their own registry.
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new_custom(Some("shishi".to_owned()), None)?;
        let sync_runs = IntCounterVec::new(
            Opts::new(
                "sync_runs_total",
                "Finished sync runs, by trigger and status.",
            ),
            &["trigger", "status"],
        )?;
        let import_seconds = HistogramVec::new(
            HistogramOpts::new(
                "import_duration_seconds",
                "Time from a sync run's start to its end.",
            )
            .buckets(vec![
                0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0,
            ]),
            &["status"],
        )?;
        let http_requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "HTTP responses, by method and status code.",
            ),
            &["method", "status"],
        )?;
        let sql_statements = prometheus::IntCounter::new(
            "sql_statements_total",
            "SQL statements sent to the database.",
        )?;
        registry.register(Box::new(sql_statements.clone()))?;
        let query_cache_hits = prometheus::IntCounter::new(
            "query_cache_hits_total",
            "Queries answered from the response cache.",
        )?;
        registry.register(Box::new(query_cache_hits.clone()))?;
        let export_cache_hits = prometheus::IntCounter::new(
            "export_cache_hits_total",
            "Exports answered with the file kept since the last import.",
        )?;
        registry.register(Box::new(export_cache_hits.clone()))?;
        registry.register(Box::new(sync_runs.clone()))?;
        registry.register(Box::new(import_seconds.clone()))?;
        registry.register(Box::new(http_requests.clone()))?;
        Ok(Self {
            registry,
            sync_runs,
            import_seconds,
            http_requests,
            sql_statements,
            query_cache_hits,
            export_cache_hits,
        })
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        if let Err(e) = TextEncoder::new().encode(&self.registry.gather(), &mut out) {
            tracing::error!(error = %e, "cannot encode metrics");
        }
        String::from_utf8(out).unwrap_or_default()
    }
}
