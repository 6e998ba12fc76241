//! Public identifiers people read out on the phone: no 0/O or 1/I/L.

use rand::Rng;

const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

pub fn short_id() -> String {
    let mut rng = rand::rng();
    (0..8)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_avoid_lookalike_characters() {
        let id = super::short_id();
        assert_eq!(id.len(), 8);
        assert!(!id.contains(['0', 'O', '1', 'I', 'L']));
    }
}
