//! *Test connection*: a real TCP connection to the integration's endpoint,
//! with a 5-second limit.

use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use crate::domain::wizard::Endpoint;

pub const TIMEOUT: Duration = Duration::from_secs(5);

/// Ok(milliseconds) or the reason it failed. Blocking: call from web::block.
pub fn test(endpoint: &Endpoint) -> Result<u128, String> {
    let started = Instant::now();
    let addrs: Vec<_> = (endpoint.host.as_str(), endpoint.port)
        .to_socket_addrs()
        .map_err(|e| format!("{}: {e}", endpoint.host))?
        .collect();
    let mut last = String::from("no address");
    for addr in addrs {
        let left = TIMEOUT.saturating_sub(started.elapsed());
        if left.is_zero() {
            break;
        }
        match TcpStream::connect_timeout(&addr, left) {
            Ok(_) => return Ok(started.elapsed().as_millis()),
            Err(e) => last = format!("{addr}: {e}"),
        }
    }
    Err(last)
}
