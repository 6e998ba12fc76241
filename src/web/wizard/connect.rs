//! *Test connection*: a real TCP connection to the integration's endpoint,
//! with a 5-second limit. It is no port scanner: every address the name
//! resolves to must be public (unless the operator allows private ones)
//! before anything is connected, and a refusal says nothing of the port.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use crate::domain::wizard::Endpoint;

pub const TIMEOUT: Duration = Duration::from_secs(5);

/// Why a test did not connect.
#[derive(Debug, PartialEq, Eq)]
pub enum Failure {
    /// The name resolves to an address of the server's own networks.
    PrivateAddress,
    /// Resolution or connection failed: how, and the technical detail.
    Unreachable(Unreachable, String),
    /// The user's tests for this minute are spent.
    TooOften,
}

/// How an endpoint could not be reached, in the words a reseller reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreachable {
    /// The name resolves to no address.
    UnknownName,
    /// Something answered that nothing listens on the port.
    Refused,
    /// Nothing answered in time.
    TimedOut,
    Other,
}

impl Unreachable {
    /// The message key; its arguments are the host and port.
    pub fn key(self) -> &'static str {
        match self {
            Unreachable::UnknownName => "integration-test-unknown-name",
            Unreachable::Refused => "integration-test-refused",
            Unreachable::TimedOut => "integration-test-timeout",
            Unreachable::Other => "integration-test-failed",
        }
    }

    fn of(e: &std::io::Error) -> Self {
        use std::io::ErrorKind;
        match e.kind() {
            ErrorKind::ConnectionRefused => Unreachable::Refused,
            ErrorKind::TimedOut | ErrorKind::WouldBlock => Unreachable::TimedOut,
            _ => Unreachable::Other,
        }
    }
}

/// Whether an address belongs to the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    let shared = a == 100 && (64..128).contains(&b); // 100.64.0.0/10, carrier NAT
    let this_network = a == 0;
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || shared
        || this_network)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    let unique_local = (first & 0xfe00) == 0xfc00; // fc00::/7
    let link_local = (first & 0xffc0) == 0xfe80; // fe80::/10
    !(ip.is_loopback() || ip.is_unspecified() || ip.is_multicast() || unique_local || link_local)
}

/// The addresses to try, or why none may be: every resolved address is
/// checked, so a name with one public and one private address is refused.
pub fn addresses(endpoint: &Endpoint, allow_private: bool) -> Result<Vec<SocketAddr>, Failure> {
    let addrs: Vec<SocketAddr> = (endpoint.host.as_str(), endpoint.port)
        .to_socket_addrs()
        .map_err(|e| {
            Failure::Unreachable(Unreachable::UnknownName, format!("{}: {e}", endpoint.host))
        })?
        .collect();
    if !allow_private && addrs.iter().any(|a| !is_public(a.ip())) {
        return Err(Failure::PrivateAddress);
    }
    Ok(addrs)
}

/// Ok(milliseconds) or why it failed. Blocking: call from web::block.
pub fn test(endpoint: &Endpoint, allow_private: bool) -> Result<u128, Failure> {
    let started = Instant::now();
    let mut last = (Unreachable::UnknownName, String::from("no address"));
    for addr in addresses(endpoint, allow_private)? {
        let left = TIMEOUT.saturating_sub(started.elapsed());
        if left.is_zero() {
            last.0 = Unreachable::TimedOut;
            break;
        }
        match TcpStream::connect_timeout(&addr, left) {
            Ok(_) => return Ok(started.elapsed().as_millis()),
            Err(e) => last = (Unreachable::of(&e), format!("{addr}: {e}")),
        }
    }
    Err(Failure::Unreachable(last.0, last.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_count_as_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["93.184.216.34", "8.8.8.8", "2606:4700::1111"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn a_private_endpoint_is_refused_before_any_connection() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let endpoint = Endpoint {
            raw: "x".into(),
            host: "127.0.0.1".into(),
            port: listener.local_addr().unwrap().port(),
        };
        assert_eq!(test(&endpoint, false), Err(Failure::PrivateAddress));
        assert!(listener.accept().is_err(), "nothing connected");
        let named = Endpoint {
            host: "localhost".into(),
            ..endpoint.clone()
        };
        assert_eq!(test(&named, false), Err(Failure::PrivateAddress));
        assert!(test(&endpoint, true).is_ok());
    }

    #[test]
    fn a_closed_port_and_an_unknown_name_are_told_apart() {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let closed = Endpoint {
            raw: "x".into(),
            host: "127.0.0.1".into(),
            port,
        };
        assert!(matches!(
            test(&closed, true),
            Err(Failure::Unreachable(Unreachable::Refused, _))
        ));
        let unknown = Endpoint {
            host: "no-such-host.invalid".into(),
            ..closed
        };
        assert!(matches!(
            test(&unknown, true),
            Err(Failure::Unreachable(Unreachable::UnknownName, _))
        ));
    }
}
