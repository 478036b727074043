//! Counts what clients hold open (export builds, WebSockets) in all and per
//! client address, so that one client cannot take every place.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

/// Places held, within caps in all and per client address.
pub struct Counter {
    total: usize,
    per_client: usize,
    held: Mutex<Held>,
}

#[derive(Default)]
struct Held {
    total: usize,
    by_client: HashMap<IpAddr, usize>,
}

/// Why no place was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Full {
    /// Every place is held.
    All(usize),
    /// This client holds its share.
    Client(usize),
}

/// A place, given back when dropped.
pub struct Place {
    counter: Arc<Counter>,
    client: Option<IpAddr>,
}

impl Counter {
    /// `total` places, at most `per_client` for one address.
    pub fn new(total: usize, per_client: usize) -> Arc<Self> {
        Arc::new(Self {
            total,
            per_client,
            held: Mutex::default(),
        })
    }

    /// A place for `client` (None: a client with no address, counted in
    /// all only).
    pub fn take(self: &Arc<Self>, client: Option<IpAddr>) -> Result<Place, Full> {
        let mut held = self.held.lock().map_err(|_| Full::All(self.total))?;
        if held.total >= self.total {
            return Err(Full::All(self.total));
        }
        if let Some(ip) = client {
            let n = held.by_client.entry(ip).or_default();
            if *n >= self.per_client {
                return Err(Full::Client(self.per_client));
            }
            *n += 1;
        }
        held.total += 1;
        Ok(Place {
            counter: self.clone(),
            client,
        })
    }

    /// Places held now.
    pub fn held(&self) -> usize {
        self.held.lock().map(|h| h.total).unwrap_or(0)
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        let Ok(mut held) = self.counter.held.lock() else {
            return;
        };
        held.total = held.total.saturating_sub(1);
        if let Some(ip) = self.client {
            if let Some(n) = held.by_client.get_mut(&ip) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    held.by_client.remove(&ip);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_capped_in_all_and_per_client() {
        let c = Counter::new(3, 2);
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        let first = c.take(Some(a));
        let second = c.take(Some(a));
        assert!(first.is_ok() && second.is_ok());
        assert_eq!(c.take(Some(a)).err(), Some(Full::Client(2)));
        let third = c.take(Some(b));
        assert!(third.is_ok());
        assert_eq!(c.take(Some(b)).err(), Some(Full::All(3)));
        drop(first);
        assert!(c.take(Some(a)).is_ok(), "a place given back is taken again");
        drop((second, third));
        assert_eq!(c.held(), 0);
    }
}
