//! A hash table over the English word list (`data/english-words.txt`), built by build.rs and
//! embedded: each slot holds where a word starts in the list, plus one (0 is an empty slot), in
//! its low [`OFFSET_BITS`] bits, and the top bits of the word's hash above them. Looking a word up
//! hashes it once and reads the word list only where a slot's hash bits agree, so a word that is
//! not listed (most typo candidates) costs a probe or two of the table and none of the list, and
//! a listed one a single comparison. Std only: build.rs includes this file.

/// Slots in the table: a power of two, a little over twice the word count.
pub const SLOTS: usize = 1 << 17;

/// Bits of a slot that hold the word's offset plus one: the list must stay under 1 MiB.
pub const OFFSET_BITS: u32 = 20;
const OFFSET_MASK: u32 = (1 << OFFSET_BITS) - 1;

/// The hash bits a slot keeps above the offset (the slot index already uses the low ones).
fn tag(hash: u32) -> u32 {
    hash >> OFFSET_BITS << OFFSET_BITS
}

/// FNV-1a, 32 bits: the words are short and the table is fixed, so a simple hash does.
pub fn hash(word: &[u8]) -> u32 {
    word.iter().fold(0x811c_9dc5u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// The table for newline-separated `words`, as little-endian `u32`s.
#[allow(dead_code)] // build.rs calls it; the crate only reads the result
pub fn build(words: &str) -> Vec<u8> {
    assert!(
        words.len() < OFFSET_MASK as usize,
        "the word list must stay under {} bytes for the table's offsets",
        OFFSET_MASK
    );
    let mut slots = vec![0u32; SLOTS];
    let mut offset = 0;
    for line in words.split_inclusive('\n') {
        let word = line.trim_end_matches('\n');
        if !word.is_empty() {
            let h = hash(word.as_bytes());
            let mut i = h as usize & (SLOTS - 1);
            while slots[i] != 0 {
                i = (i + 1) & (SLOTS - 1);
            }
            slots[i] = tag(h) | (offset as u32 + 1);
        }
        offset += line.len();
    }
    slots.iter().flat_map(|s| s.to_le_bytes()).collect()
}

/// Is `word` one of the newline-separated `words` that `table` (from [`build`]) was built over?
pub fn contains(table: &[u8], words: &[u8], word: &[u8]) -> bool {
    if word.is_empty() {
        return false;
    }
    let h = hash(word);
    let mut i = h as usize & (SLOTS - 1);
    loop {
        let slot = u32::from_le_bytes(table[i * 4..i * 4 + 4].try_into().expect("four bytes"));
        if slot == 0 {
            return false;
        }
        if slot & !OFFSET_MASK != tag(h) {
            i = (i + 1) & (SLOTS - 1);
            continue;
        }
        let start = (slot & OFFSET_MASK) as usize - 1;
        let end = start + word.len();
        if words.get(start..end) == Some(word) && words.get(end).is_none_or(|&b| b == b'\n') {
            return true;
        }
        i = (i + 1) & (SLOTS - 1);
    }
}
