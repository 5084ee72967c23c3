//! Who may start a new session: at most `PER_MINUTE` a minute (after a burst of `BURST`;
//! `porth serve` scales both with `--posts-per-minute` and `--burst`) from one client network, a /24 for IPv4 and a /48 for IPv6 (one site's allocation). The
//! per-address limit on every form POST is the server's (`tower_governor`); this one stops
//! a bot spreading its first answers over the addresses of one network. A family starts one
//! session; a school or library behind one address starts a few a minute.
//!
//! Memory is bounded: past `MAX_NETWORKS` entries, those idle long enough to be full again
//! are forgotten, and if that is not enough the table starts again (failing open for a
//! moment rather than growing).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

pub(crate) const PER_MINUTE: f64 = 20.0;
pub(crate) const BURST: f64 = 60.0;
const MAX_NETWORKS: usize = 200_000;

struct Bucket {
    tokens: f64,
    at: Instant,
}

pub(crate) struct Admission {
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
    per_minute: f64,
    burst: f64,
}

impl Default for Admission {
    fn default() -> Admission {
        Admission::new(PER_MINUTE, BURST)
    }
}

/// The network an address belongs to, for the limit: its /24, or its /48 for IPv6 (an IPv4
/// address written as IPv6 is counted as IPv4).
pub(crate) fn network(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4((u32::from(v4) & 0xffff_ff00).into()),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => network(IpAddr::V4(v4)),
            None => IpAddr::V6((u128::from(v6) & !((1u128 << 80) - 1)).into()),
        },
    }
}

impl Admission {
    pub(crate) fn new(per_minute: f64, burst: f64) -> Admission {
        Admission { buckets: Mutex::new(HashMap::new()), per_minute: per_minute.max(1.0), burst: burst.max(1.0) }
    }

    /// Takes one new session from the client's network's allowance; `false` when it is spent.
    pub(crate) fn allow(&self, client: IpAddr) -> bool {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().expect("admission poisoned");
        if buckets.len() >= MAX_NETWORKS {
            let refill = std::time::Duration::from_secs_f64(self.burst / self.per_minute * 60.0);
            buckets.retain(|_, b| now.duration_since(b.at) < refill);
            if buckets.len() >= MAX_NETWORKS {
                buckets.clear();
            }
        }
        let b = buckets.entry(network(client)).or_insert(Bucket { tokens: self.burst, at: now });
        b.tokens = (b.tokens + now.duration_since(b.at).as_secs_f64() * self.per_minute / 60.0).min(self.burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}
