//! The client's address: the peer's, unless the peer is a trusted reverse
//! proxy, in which case the nearest address its forwarding headers name
//! that is not itself a trusted proxy. Rate limits, the audit log and the
//! access log all use this one answer.

use std::net::IpAddr;

use actix_web::http::header::HeaderMap;
use actix_web::{web, HttpRequest};
use ipnet::IpNet;

use crate::web::AppState;

pub fn client_ip(req: &HttpRequest) -> String {
    let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
        return String::new();
    };
    let trusted = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.config.trusted_proxies.as_slice())
        .unwrap_or_default();
    resolve(peer, req.headers(), trusted).to_string()
}

/// Walks the forwarding chain from the nearest hop outwards while each hop
/// is a trusted proxy; the first one that is not is the client. Headers
/// from an untrusted peer are ignored: anyone can write them.
pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let mut client = peer;
    for hop in forwarded_chain(headers).into_iter().rev() {
        client = hop;
        if !is_trusted(&hop) {
            break;
        }
    }
    client
}

/// The addresses of `Forwarded: for=…` when present, else of
/// `X-Forwarded-For`, farthest first. Unreadable entries (obfuscated
/// identifiers, "unknown") end the chain: nothing beyond them is believed.
fn forwarded_chain(headers: &HeaderMap) -> Vec<IpAddr> {
    let forwarded: Vec<&str> = headers
        .get_all("forwarded")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (key, value) = pair.trim().split_once('=')?;
                key.eq_ignore_ascii_case("for").then_some(value)
            })
        })
        .collect();
    let entries: Vec<String> = if forwarded.is_empty() {
        headers
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|s| s.trim().to_string())
            .collect()
    } else {
        forwarded.iter().map(|f| node_address(f)).collect()
    };
    let parsed: Vec<Option<IpAddr>> = entries.iter().map(|e| e.parse().ok()).collect();
    // Keep only the readable tail: what lies past an unreadable entry
    // cannot be trusted to be a chain at all.
    let readable = parsed.iter().rev().take_while(|p| p.is_some()).count();
    parsed[parsed.len() - readable..]
        .iter()
        .flatten()
        .copied()
        .collect()
}

/// `"[2001:db8::1]:4711"` → `2001:db8::1`; `192.0.2.1:80` → `192.0.2.1`.
fn node_address(value: &str) -> String {
    let value = value.trim().trim_matches('"');
    if let Some(rest) = value.strip_prefix('[') {
        return rest.split(']').next().unwrap_or_default().to_string();
    }
    match value.split_once(':') {
        Some((ip, _port)) if !value[ip.len() + 1..].contains(':') => ip.to_string(),
        _ => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        map
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|n| n.parse().unwrap()).collect()
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_cannot_name_another_address() {
        let h = headers(&[("x-forwarded-for", "1.2.3.4"), ("forwarded", "for=1.2.3.4")]);
        assert_eq!(
            resolve(ip("203.0.113.9"), &h, &nets(&["10.0.0.0/8"])),
            ip("203.0.113.9")
        );
        assert_eq!(resolve(ip("203.0.113.9"), &h, &[]), ip("203.0.113.9"));
    }

    #[test]
    fn a_trusted_proxy_names_the_client_and_spoofed_hops_are_skipped() {
        let trusted = nets(&["10.0.0.0/8"]);
        // The client wrote "6.6.6.6" itself; the proxy appended the real one.
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.7, 10.0.0.3")]);
        assert_eq!(resolve(ip("10.0.0.2"), &h, &trusted), ip("198.51.100.7"));
        let h = headers(&[(
            "forwarded",
            "for=6.6.6.6, for=\"[2001:db8::7]:4711\";proto=https",
        )]);
        assert_eq!(resolve(ip("10.0.0.2"), &h, &trusted), ip("2001:db8::7"));
        let h = headers(&[("forwarded", "for=198.51.100.8:1234")]);
        assert_eq!(resolve(ip("10.0.0.2"), &h, &trusted), ip("198.51.100.8"));
    }

    #[test]
    fn without_headers_or_past_an_unreadable_hop_the_proxy_is_the_answer() {
        let trusted = nets(&["10.0.0.0/8"]);
        assert_eq!(
            resolve(ip("10.0.0.2"), &headers(&[]), &trusted),
            ip("10.0.0.2")
        );
        let h = headers(&[("forwarded", "for=_hidden, for=10.0.0.5")]);
        assert_eq!(resolve(ip("10.0.0.2"), &h, &trusted), ip("10.0.0.5"));
    }
}
