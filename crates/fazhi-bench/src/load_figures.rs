use std::time::Duration;

/// What a load of concurrent clients measured: every request's latency, and the wall time.
#[derive(Debug, Clone)]
pub struct LoadFigures {
    /// Each successful request's latency, sorted.
    pub latencies: Vec<Duration>,
    /// Requests that failed (not 200, or the connection broke).
    pub failed: usize,
    /// From the first request sent to the last answer read.
    pub elapsed: Duration,
}

impl LoadFigures {
    /// The latency below which `share` (0–1) of the requests were answered.
    pub fn percentile(&self, share: f64) -> Duration {
        crate::measure::percentile(&self.latencies, share)
    }

    /// Requests answered per second.
    pub fn per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    #[test]
    fn percentiles_are_ranks_of_the_sorted_latencies() {
        let figures = super::LoadFigures {
            latencies: (1..=100).map(Duration::from_millis).collect(),
            failed: 0,
            elapsed: Duration::from_secs(2),
        };
        assert_eq!(figures.percentile(0.5), Duration::from_millis(50));
        assert_eq!(figures.percentile(0.99), Duration::from_millis(99));
        assert_eq!(figures.per_second(), 50.0);
    }
}
