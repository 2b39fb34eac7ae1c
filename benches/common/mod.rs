//! What the generated-library benchmarks (`library`, `search`, `debate`) share.
//!
//! Only the random generator is common: each benchmark keeps its own word lists and text
//! generator, which differ, so that its figures stay comparable with earlier runs.

/// The benchmarks allocate as the command line does (mimalloc: see ARCHITECTURE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A small deterministic random generator (xorshift), so every run builds the same library.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}
