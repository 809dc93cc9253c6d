//! A fast fingerprint of the history entries' keys (not a security measure: it only tells an
//! unchanged history from a changed one).

/// 64-bit FNV-1a over the keys, each followed by a separator, in two lanes with different
/// offsets (128 bits).
pub(crate) struct Fingerprint {
    lanes: [u64; 2],
}

const PRIME: u64 = 0x0000_0100_0000_01b3;

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint { lanes: [0xcbf2_9ce4_8422_2325, 0x6c62_272e_07bb_0142] }
    }
}

impl Fingerprint {
    /// Adds one key.
    pub(crate) fn add(&mut self, key: &str) {
        for &byte in key.as_bytes().iter().chain(&[0xff]) {
            self.lanes[0] = (self.lanes[0] ^ u64::from(byte)).wrapping_mul(PRIME);
            self.lanes[1] = (self.lanes[1] ^ u64::from(byte.rotate_left(3))).wrapping_mul(PRIME).rotate_left(5);
        }
    }

    /// The fingerprint of `count` keys, as text.
    pub(crate) fn finish(&self, count: usize) -> String {
        format!("fnv1a:{count}:{:016x}{:016x}", self.lanes[0], self.lanes[1])
    }
}
