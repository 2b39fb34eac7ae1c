//! `zhaji`: the library from a terminal. (Being written.)

fn main() {}
