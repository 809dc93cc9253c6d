//! Keeping a robot under its platform's rate limit.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// At most `limit` messages in any `window`, for each of its windows: [`RateLimiter::acquire`]
/// waits (on tokio's clock) until one more may go.
#[derive(Debug)]
pub struct RateLimiter {
    windows: Vec<(usize, Duration)>,
    sent: Mutex<VecDeque<Instant>>,
}

impl RateLimiter {
    /// A limiter of `limit` messages per `window` for each pair.
    pub fn new(windows: Vec<(usize, Duration)>) -> RateLimiter {
        RateLimiter { windows, sent: Mutex::new(VecDeque::new()) }
    }

    /// Waits until a message may go, and counts it as gone.
    pub async fn acquire(&self) {
        loop {
            let wait = {
                let mut sent = self.sent.lock().expect("not poisoned");
                let now = Instant::now();
                let longest = self.windows.iter().map(|(_, window)| *window).max().unwrap_or_default();
                while sent.front().is_some_and(|at| now.duration_since(*at) >= longest) {
                    sent.pop_front();
                }
                let wait = self
                    .windows
                    .iter()
                    .filter_map(|(limit, window)| {
                        let inside: Vec<&Instant> =
                            sent.iter().filter(|at| now.duration_since(**at) < *window).collect();
                        // The oldest of the last `limit` must leave the window first.
                        (inside.len() >= *limit).then(|| *inside[inside.len() - limit] + *window - now)
                    })
                    .max();
                if wait.is_none() {
                    sent.push_back(now);
                }
                wait
            };
            match wait {
                None => return,
                Some(wait) => tokio::time::sleep(wait).await,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_third_message_of_two_a_minute_waits_for_the_first_to_leave_the_window() {
        let limiter = RateLimiter::new(vec![(2, Duration::from_secs(60))]);
        let start = Instant::now();
        limiter.acquire().await;
        tokio::time::sleep(Duration::from_secs(10)).await;
        limiter.acquire().await;
        assert_eq!(start.elapsed(), Duration::from_secs(10));
        limiter.acquire().await;
        assert_eq!(start.elapsed(), Duration::from_secs(60));
        limiter.acquire().await;
        assert_eq!(start.elapsed(), Duration::from_secs(70));
    }

    #[tokio::test(start_paused = true)]
    async fn every_window_holds() {
        let limiter = RateLimiter::new(vec![(100, Duration::from_secs(60)), (5, Duration::from_secs(1))]);
        let start = Instant::now();
        for _ in 0..6 {
            limiter.acquire().await;
        }
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }
}
