use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use fazhi_core::WebConfig;

/// Failed sign-ins counted by where they come from: after `max_failed_logins_per_address`
/// failures from one address within [`LoginThrottle::WINDOW_MINUTES`] minutes, every sign-in from
/// it is refused for `lock_minutes`, whichever account it names, right password or not.
///
/// It stands beside the per-account lock (which stops guessing one person's password) against
/// guessing many people's passwords from one machine. An IPv6 address counts by its /64
/// network (what one machine is usually given). The counts are kept in memory: a restart of the
/// server forgets them.
pub struct LoginThrottle {
    limit: usize,
    block: Duration,
    addresses: Mutex<HashMap<IpAddr, Failures>>,
}

#[derive(Default)]
struct Failures {
    /// The times of the failures within the window, oldest first.
    times: VecDeque<DateTime<Utc>>,
    blocked_until: Option<DateTime<Utc>>,
}

/// Addresses remembered before the ones with nothing recent are forgotten.
const REMEMBERED: usize = 4096;

impl LoginThrottle {
    /// The window failures are counted in, in minutes.
    pub const WINDOW_MINUTES: i64 = 10;

    /// The throttle of `config`.
    pub fn new(config: &WebConfig) -> LoginThrottle {
        LoginThrottle {
            limit: config.max_failed_logins_per_address as usize,
            block: Duration::minutes(i64::from(config.lock_minutes)),
            addresses: Mutex::new(HashMap::new()),
        }
    }

    /// Until when sign-ins from `address` are refused, if they are at `now`.
    pub fn blocked(&self, address: IpAddr, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let addresses = self.addresses.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        addresses.get(&key(address)).and_then(|failures| failures.blocked_until).filter(|until| *until > now)
    }

    /// Counts a failed sign-in from `address` at `now`: until when its sign-ins are refused, if
    /// this failure was one too many.
    pub fn failed(&self, address: IpAddr, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let window = Duration::minutes(LoginThrottle::WINDOW_MINUTES);
        let mut addresses = self.addresses.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if addresses.len() >= REMEMBERED {
            addresses.retain(|_, failures| {
                failures.blocked_until.is_some_and(|until| until > now)
                    || failures.times.back().is_some_and(|last| *last > now - window)
            });
        }
        let failures = addresses.entry(key(address)).or_default();
        while failures.times.front().is_some_and(|first| *first <= now - window) {
            failures.times.pop_front();
        }
        failures.times.push_back(now);
        if failures.times.len() >= self.limit {
            failures.times.clear();
            failures.blocked_until = Some(now + self.block);
        }
        failures.blocked_until.filter(|until| *until > now)
    }
}

/// What an address is counted by: an IPv4 address (also written as IPv6) itself, an IPv6
/// address by its /64 network.
fn key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let segments = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(segments[0], segments[1], segments[2], segments[3], 0, 0, 0, 0))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttle_of(limit: u32, lock_minutes: u32) -> LoginThrottle {
        LoginThrottle::new(&WebConfig { max_failed_logins_per_address: limit, lock_minutes, ..WebConfig::default() })
    }

    #[test]
    fn the_limit_within_the_window_blocks_the_address_for_the_lock() {
        let throttle = throttle_of(20, 15);
        let start = Utc::now();
        let here: IpAddr = "192.0.2.7".parse().unwrap();
        let there: IpAddr = "192.0.2.8".parse().unwrap();
        for i in 0..19 {
            assert_eq!(throttle.failed(here, start + Duration::seconds(i)), None, "failure {}", i + 1);
        }
        assert_eq!(throttle.blocked(here, start + Duration::seconds(19)), None);
        let until = throttle.failed(here, start + Duration::seconds(19)).expect("the 20th blocks");
        assert_eq!(until, start + Duration::seconds(19) + Duration::minutes(15));
        assert_eq!(throttle.blocked(here, until - Duration::seconds(1)), Some(until));
        assert_eq!(throttle.blocked(here, until), None, "over after the lock");
        assert_eq!(throttle.blocked(there, start + Duration::seconds(20)), None, "another address is not");
    }

    #[test]
    fn failures_older_than_the_window_are_not_counted() {
        let throttle = throttle_of(3, 15);
        let start = Utc::now();
        let here: IpAddr = "2001:db8::1".parse().unwrap();
        assert_eq!(throttle.failed(here, start), None);
        assert_eq!(throttle.failed(here, start + Duration::minutes(9)), None);
        // The first is 10 minutes old: two within the window.
        assert_eq!(throttle.failed(here, start + Duration::minutes(10)), None);
        assert!(throttle.failed(here, start + Duration::minutes(11)).is_some());
        // Another address of the same /64 network is the same machine; IPv4 written as IPv6 too.
        assert!(throttle.blocked("2001:db8::2".parse().unwrap(), start + Duration::minutes(12)).is_some());
        assert!(throttle.blocked("2001:db8:0:1::1".parse().unwrap(), start + Duration::minutes(12)).is_none());
        let v4 = throttle_of(1, 15);
        v4.failed("192.0.2.9".parse().unwrap(), start);
        assert!(v4.blocked("::ffff:192.0.2.9".parse().unwrap(), start).is_some());
    }
}
